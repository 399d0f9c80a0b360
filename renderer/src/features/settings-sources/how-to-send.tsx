/** The "How to send events" section of a log source: endpoint(s) and a curl example per source type. */
import type { JSX } from 'react';
import type { LogSource } from '../../../../shared/types.ts';
import { useApp } from '../../stores/app-store.ts';
import { CopyButton } from '../../ui/copy-button.tsx';
import { isPullType } from './credential-fields.ts';
import { curlTemplate, ingestEndpoints, lanHost } from './ingest-examples.ts';

export function HowToSend({ source }: { source: LogSource }): JSX.Element {
  const info = useApp((s) => s.info);
  if (source.builtIn) {
    return <p className="muted">Watchpost writes its own security events to this source. Nothing external sends to it.</p>;
  }
  if (isPullType(source.type)) {
    return (
      <div>
        <p className="muted">Watchpost pulls events from this system; nothing needs to push. It reads:</p>
        <ul className="mono" data-testid="pull-sources">
          {source.sources.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      </div>
    );
  }
  if (!info) return <p className="muted">Loading this machine&apos;s addresses…</p>;
  const endpoints = ingestEndpoints(info);
  const primary = endpoints[0] ?? info.ingestUrl;
  const curl = curlTemplate(primary);
  return (
    <div className="how-to-send" data-testid="how-to-send">
      <div className="detail-field">
        <div className="detail-label">Ingest Endpoint</div>
        <ul className="endpoint-list" data-testid="ingest-endpoints">
          {endpoints.map((url) => (
            <li key={url}>
              <code>{url}</code> <CopyButton text={url} label="Copy URL" />
            </li>
          ))}
        </ul>
        <span className="hint">Stable: it does not change when you rotate the key. Sources on other machines use a LAN address.</span>
      </div>
      {source.listenPort !== null && (
        <div className="detail-field">
          <div className="detail-label">{source.type === 'cef' ? 'CEF' : source.type === 'gelf' ? 'GELF' : 'Syslog'} listener</div>
          <code data-testid="listener-address">
            {lanHost(info)}:{source.listenPort}
          </code>{' '}
          <span className="hint">
            {source.type === 'gelf' ? 'UDP (plain, zlib/gzip or chunked) or TCP (NUL-delimited).' : 'UDP or TCP (octet counting or newline framing).'}
          </span>
        </div>
      )}
      <div className="detail-field">
        <div className="detail-label">curl example</div>
        {!source.keyIdentifier && <p className="notice">This source has no ingest key yet. Use Generate ingest key, then replace {'{KEY}'} with it.</p>}
        <pre className="code-block" data-testid="curl-template">
          {curl}
        </pre>
        <div>
          <CopyButton text={curl} label="Copy curl example" />
        </div>
        <span className="hint">
          Replace {'{KEY}'} with the key and run it from a machine that can reach the endpoint. A working key returns 200 with an accepted count.
        </span>
      </div>
    </div>
  );
}
