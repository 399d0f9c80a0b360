/** "Configure a shipper": pick a shipper, get its configuration for this source with URL and key placeholder. */
import { useState } from 'react';
import type { JSX } from 'react';
import type { LogSource } from '../../../../shared/types.ts';
import { useApp } from '../../stores/app-store.ts';
import { CopyButton } from '../../ui/copy-button.tsx';
import { isPullType } from './credential-fields.ts';
import { ingestEndpoints, lanHost } from './ingest-examples.ts';
import { shipperSnippets } from './shipper-snippets.ts';

export function ShipperSnippets({ source }: { source: LogSource }): JSX.Element | null {
  const info = useApp((s) => s.info);
  const [picked, setPicked] = useState<string | null>(null);
  if (source.builtIn || isPullType(source.type) || !info) return null;
  const endpoint = ingestEndpoints(info)[0] ?? info.ingestUrl;
  const snippets = shipperSnippets({ type: source.type, baseUrl: new URL(endpoint).origin, host: lanHost(info), listenPort: source.listenPort });
  const current = snippets.find((s) => s.id === picked) ?? snippets[0]!;
  return (
    <div className="detail-field" data-testid="shipper-snippets">
      <label className="detail-label" htmlFor="shipper-pick">
        Shipper configuration
      </label>
      <select id="shipper-pick" value={current.id} onChange={(e) => setPicked(e.target.value)} style={{ width: 'auto', maxWidth: '100%' }}>
        {snippets.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </select>
      <span className="hint">
        In <code>{current.where}</code>. Any key of a push source works on every protocol; replace {'{KEY}'} with this source&apos;s key.
      </span>
      <pre className="code-block" data-testid="shipper-snippet">
        {current.text}
      </pre>
      <div>
        <CopyButton text={current.text} label="Copy configuration" />
      </div>
    </div>
  );
}
