/** The "?" dialog listing every global shortcut plus the Log Viewer's own keys (grid, histogram). */
import type { JSX } from 'react';
import { Dialog } from './dialog.tsx';

export function ShortcutHelp({ shortcuts, onClose }: { shortcuts: readonly { keys: string; description: string }[]; onClose(): void }): JSX.Element {
  const all = [...shortcuts, { keys: 'Esc', description: 'Close a dialog, popout or the event detail' }];
  return (
    <Dialog
      title="Keyboard shortcuts"
      onClose={onClose}
      testId="shortcut-help"
      actions={
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      }
    >
      <dl className="shortcut-list">
        {all.map((s) => (
          <div key={s.keys} style={{ display: 'contents' }}>
            <dt>
              {(s.keys.length > 1 && s.keys.includes(' ') && !/[←→]/.test(s.keys) ? s.keys.split(' ') : [s.keys]).map((k, i) => (
                <span key={i}>
                  {i > 0 && <span className="shortcut-then"> then </span>}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{s.description}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
