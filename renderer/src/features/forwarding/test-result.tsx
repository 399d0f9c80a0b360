/** The answer to "Send Test Event", shown under the endpoint it was sent to. */
import type { JSX } from 'react';
import type { TestState } from '../../stores/forwarding-store.ts';
import { formatDateTime } from '../../ui/format-time.ts';

export function TestResult({ test }: { test: TestState | undefined }): JSX.Element | null {
  if (!test) return null;
  if (test.state === 'sending') {
    return (
      <div className="test-result" role="status" data-testid="test-result" data-state="sending">
        Sending test event…
      </div>
    );
  }
  if (test.state === 'error') {
    return (
      <div className="test-result notice notice-error" role="alert" data-testid="test-result" data-state="error">
        {test.message}
      </div>
    );
  }
  return (
    <div
      className={test.ok ? 'test-result test-ok' : 'test-result notice notice-error'}
      role={test.ok ? 'status' : 'alert'}
      data-testid="test-result"
      data-state={test.ok ? 'ok' : 'failed'}
    >
      <strong>{test.ok ? 'Delivered.' : 'Not delivered.'}</strong> {test.message}
      <span className="faint"> · {formatDateTime(test.at)}</span>
    </div>
  );
}
