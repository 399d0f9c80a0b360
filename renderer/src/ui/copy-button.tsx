/** A copy button that reports the result in place ("Copied" / "Copy failed") for a moment. */
import { useEffect, useState } from 'react';
import type { JSX } from 'react';
import { copyText } from './copy-text.ts';

export function CopyButton({ text, label = 'Copy', testId }: { text: string; label?: string; testId?: string }): JSX.Element {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <button type="button" className="btn btn-sm" data-testid={testId} onClick={() => void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'))}>
      <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select and copy by hand' : label}</span>
    </button>
  );
}
