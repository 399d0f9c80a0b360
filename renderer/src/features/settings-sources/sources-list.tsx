/** The Log sources table: name, type, platform, status, key, last used. Names open the detail view. */
import type { JSX } from 'react';
import { SOURCE_TYPE_LABELS } from '../../../../shared/enums.ts';
import type { LogSource, Platform } from '../../../../shared/types.ts';
import { hrefFor } from '../../router.ts';
import { platformName } from '../../stores/platforms-store.ts';
import { ActiveBadge } from '../../ui/status-badge.tsx';
import { formatDateTime, relativeTime } from '../../ui/format-time.ts';
import { isPullType } from './credential-fields.ts';
import { DataTableHead } from '../../ui/data-table.tsx';

function keyCell(s: LogSource): JSX.Element {
  if (s.builtIn) return <span className="faint">Built-in</span>;
  if (isPullType(s.type)) return <span className="faint">Pulled</span>;
  return s.keyIdentifier ? <code title="Key Identifier">{s.keyIdentifier}</code> : <span className="faint">No key</span>;
}

export function SourcesList({ sources, platforms }: { sources: LogSource[]; platforms: Platform[] }): JSX.Element {
  return (
    <div className="table-wrap">
      <table className="data" data-testid="sources-table">
        <DataTableHead columns={['Name', 'Type', 'Platform', 'Status', 'Key', 'Last used']} />
        <tbody>
          {sources.map((s) => (
            <tr key={s.id} data-testid="source-row" data-source-id={s.id}>
              <td>
                <a href={hrefFor(`settings/sources/${s.id}`)}>{s.name}</a>
                {s.description && <div className="faint cell-sub">{s.description}</div>}
              </td>
              <td>{SOURCE_TYPE_LABELS[s.type]}</td>
              <td>{platformName(platforms, s.platformId)}</td>
              <td>
                <ActiveBadge active={s.active} />
              </td>
              <td>{keyCell(s)}</td>
              <td title={s.lastUsedAt ? formatDateTime(s.lastUsedAt) : undefined}>
                {s.lastUsedAt ? relativeTime(s.lastUsedAt) : <span className="faint">Never</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
