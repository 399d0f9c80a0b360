import { ALERT_RESOLUTIONS, ALERT_STATUSES } from '../../../shared/enums.ts';
import type { AlertResolution, AlertStatus } from '../../../shared/enums.ts';
import { validationError } from '../../../shared/errors.ts';
import type { SecurityRecorder } from '../context.ts';
import { asInput, choice, clearableText, fail, rejectUnknown, text } from '../validate.ts';
import type { AlertState } from './alert-model.ts';
import type { AlertRepo } from './alert-repo.ts';
import type { LiveAlertSink } from './live-sink.ts';

const NOTE_CHARS = 4000;
const ASSIGNEE_CHARS = 200;

/** A checked `PATCH /v1/alerts/{id}` body. `undefined` = leave as is. */
export interface AlertChange {
  status?: AlertStatus;
  assignee?: string | null;
  resolutionReason?: AlertResolution | null;
  note?: string;
}

/** Check the body: at least one of status, assignee, resolutionReason, note; nothing else. */
export function parseAlertChange(input: unknown): AlertChange {
  const { id: _id, ...body } = asInput(input, 'alert update');
  rejectUnknown(body, ['status', 'assignee', 'resolutionReason', 'note'], 'alert update');
  const c: AlertChange = {};
  if (body.status !== undefined) c.status = choice<AlertStatus>('status', body.status, ALERT_STATUSES);
  if (body.assignee !== undefined) c.assignee = clearableText('assignee', body.assignee, ASSIGNEE_CHARS);
  if (body.resolutionReason !== undefined) {
    c.resolutionReason = body.resolutionReason === null ? null : choice<AlertResolution>('resolutionReason', body.resolutionReason, ALERT_RESOLUTIONS);
  }
  if (body.note !== undefined) c.note = text('note', body.note, { min: 1, max: NOTE_CHARS });
  if (Object.keys(c).length === 0) throw validationError('give status, assignee, resolutionReason or note', { field: 'status' });
  return c;
}

/**
 * Apply a change to an alert: status through the sink (it keeps the live-alert map true), the rest
 * on the alert itself; written in the sink's next flush, notes at once. A resolution reason belongs
 * to a resolved alert: reopening clears it, and giving one to an unresolved alert is refused.
 * Every status change is recorded as an `alert.status_changed` audit event, so endpoints whose
 * streams take `audit` receive it (forwarding of status changes).
 */
export function applyAlertChange(
  deps: { sink: LiveAlertSink; alerts: AlertRepo; security: SecurityRecorder; now: number; actor: string },
  alert: AlertState,
  c: AlertChange,
): void {
  const from = alert.status;
  const nextStatus = c.status ?? alert.status;
  if (c.resolutionReason && nextStatus !== 'resolved') fail('resolutionReason', 'applies only to a resolved alert (send status: resolved with it)');
  if (c.status !== undefined && c.status !== from) deps.sink.applyStatus(alert, c.status, deps.now, 'user');
  if (nextStatus !== 'resolved') alert.resolutionReason = null;
  else if (c.resolutionReason !== undefined) alert.resolutionReason = c.resolutionReason;
  if (c.assignee !== undefined) alert.assignee = c.assignee;
  deps.sink.touch(alert);
  if (c.note !== undefined) deps.alerts.addNote(alert, { at: deps.now, author: deps.actor, text: c.note });
  deps.sink.flush(true);
  if (c.status !== undefined && c.status !== from) recordStatusChange(deps.security, alert, from, deps.actor);
}

/** The audit event of a status change (user or auto-close). */
export function recordStatusChange(security: SecurityRecorder, a: AlertState, from: AlertStatus, actor: string): void {
  security.record({
    type: 'alert.status_changed',
    actor: { userId: actor },
    resource: { type: 'alert', id: a.id },
    details: {
      ruleId: a.ruleId,
      ruleName: a.ruleName,
      alertTitle: a.title,
      from,
      to: a.status,
      resolvedBy: a.resolvedBy,
      resolutionReason: a.resolutionReason,
      assignee: a.assignee,
    },
  });
}
