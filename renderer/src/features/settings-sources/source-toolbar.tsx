/** Detail toolbar: key actions for push sources (seed wording), test for pull sources, edit, delete. */
import { useState } from 'react';
import type { JSX } from 'react';
import type { LogSource } from '../../../../shared/types.ts';
import { getClient } from '../../app-client.ts';
import { navigate } from '../../router.ts';
import { appStore } from '../../stores/app-store.ts';
import { toastError } from '../../ui/toast-area.tsx';
import { isPullType } from './credential-fields.ts';

export interface SourceToolbarProps {
  source: LogSource;
  onGenerate(): void;
  onRotate(): void;
  onRevoke(): void;
  onDelete(): void;
}

export function SourceToolbar({ source, onGenerate, onRotate, onRevoke, onDelete }: SourceToolbarProps): JSX.Element {
  const [testing, setTesting] = useState(false);
  const pull = isPullType(source.type);
  const hasKey = Boolean(source.keyIdentifier);

  async function test(): Promise<void> {
    setTesting(true);
    try {
      const r = await getClient().call('sources.test', { id: source.id });
      appStore.getState().toast(r.ok ? 'success' : 'error', r.message);
    } catch (err) {
      toastError('Connection test failed', err);
    } finally {
      setTesting(false);
    }
  }

  if (source.builtIn) {
    return (
      <div className="toolbar">
        <span className="badge badge-info badge-plain">Built-in</span>
      </div>
    );
  }
  return (
    <div className="toolbar" role="toolbar" aria-label="Log source actions">
      {!pull && (
        <>
          <button
            type="button"
            className="btn btn-primary"
            onClick={onGenerate}
            disabled={hasKey}
            title={hasKey ? 'This source already has a key: rotate it instead' : undefined}
          >
            Generate ingest key
          </button>
          <button type="button" className="btn" onClick={onRotate} disabled={!hasKey}>
            Rotate key
          </button>
          <button type="button" className="btn btn-danger" onClick={onRevoke} disabled={!hasKey}>
            Revoke key
          </button>
        </>
      )}
      {pull && (
        <button type="button" className="btn" onClick={() => void test()} disabled={testing}>
          {testing ? 'Testing…' : 'Test connection'}
        </button>
      )}
      <button type="button" className="btn" onClick={() => navigate(`settings/sources/${source.id}/edit`)}>
        Edit
      </button>
      <button type="button" className="btn btn-danger" onClick={onDelete}>
        Delete
      </button>
    </div>
  );
}
