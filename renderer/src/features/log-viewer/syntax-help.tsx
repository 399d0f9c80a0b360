/** Query syntax cheat sheet (SPEC §5). Each example can be clicked to add it to the query. */
import { useEffect, useRef } from 'react';
import type { JSX } from 'react';

const EXAMPLES: readonly { example: string; meaning: string }[] = [
  { example: 'timeout', meaning: 'Bare term: case-insensitive substring anywhere in the event, raw included' },
  { example: '"connection reset"', meaning: 'Quoted phrase keeps spaces' },
  { example: 'host:web-01', meaning: 'Envelope field contains the value (severity category outcome host user action message tag source platform)' },
  { example: 'user:=alice@example.com', meaning: 'Exact value' },
  { example: 'host:web-*', meaning: 'Glob' },
  { example: 'severity:>=warn', meaning: 'Severity by level: warn, error, critical' },
  { example: 'raw.request.path:/api', meaning: 'Any nested raw path; arrays match if any element matches' },
  { example: 'raw.statusCode:>=500', meaning: 'Numeric comparison: > >= < <=' },
  { example: 'raw.requestId:*', meaning: 'Field exists' },
  { example: 'action:login OR action:mfa', meaning: 'Terms AND by default; OR, NOT, -term, parentheses (operators in capitals: lowercase or is a word)' },
  { example: '-outcome:success', meaning: 'Exclude' },
];

export function SyntaxHelp({ onInsert, onClose }: { onInsert: (example: string) => void; onClose: () => void }): JSX.Element {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onDown = (e: MouseEvent): void => {
      const t = e.target as Node;
      if (ref.current && !ref.current.contains(t) && !(t instanceof Element && t.closest('[data-testid="lv-syntax-help-toggle"]'))) onClose();
    };
    const onKeyDown = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      onClose();
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKeyDown, true);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKeyDown, true);
    };
  }, [onClose]);
  return (
    <div className="lv-help" id="lv-syntax-help" data-testid="lv-syntax-help" role="dialog" aria-label="Query syntax" ref={ref}>
      <h3>Query syntax</h3>
      <table>
        <tbody>
          {EXAMPLES.map((x) => (
            <tr key={x.example}>
              <td>
                <button type="button" className="lv-help-example" onClick={() => onInsert(x.example)} title="Add to query">
                  {x.example}
                </button>
              </td>
              <td>{x.meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="faint">
        Time range is set separately (presets, custom, or drag on the histogram). Times show in the zone chosen at the bottom of the nav (UTC unless changed).
      </p>
    </div>
  );
}
