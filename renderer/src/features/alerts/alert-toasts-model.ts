/**
 * Calm alert toasts (issue 10 item 7): a storm of alerts from one rule is one toast that counts
 * ("12 new alerts from Brute force"), links to the newest alert, and the whole stack can be
 * dismissed at once. Late alerts (raised only by late data) never toast. Pure; the store holds it.
 */
import type { RuleSeverity } from '../../../../shared/enums.ts';
import type { Alert } from '../../../../shared/types.ts';

/** One toast: every new alert of one rule since the toast appeared. */
export interface AlertToast {
  ruleId: string;
  ruleName: string;
  /** Highest severity among the alerts counted. */
  severity: RuleSeverity;
  /** Newest first. */
  alertIds: string[];
  /** Title of the newest alert (shown when it is the only one). */
  title: string;
  /** Bumped on every new alert, so a fading toast restarts its timer. */
  version: number;
}

/** Alert toasts shown at most; older rules' toasts drop off (the inbox and badge still count them). */
export const MAX_ALERT_TOASTS = 4;
const RANK: Record<RuleSeverity, number> = { info: 0, notice: 1, warn: 2, error: 3, critical: 4 };

/** Fold a new alert into the stack: its rule's toast counts it, or a new toast goes on top. */
export function addAlertToast(list: readonly AlertToast[], a: Alert): AlertToast[] {
  const cur = list.find((t) => t.ruleId === a.ruleId);
  if (cur) {
    if (cur.alertIds.includes(a.id)) return [...list];
    const next: AlertToast = {
      ...cur,
      alertIds: [a.id, ...cur.alertIds],
      title: a.title,
      version: cur.version + 1,
      severity: RANK[a.severity] > RANK[cur.severity] ? a.severity : cur.severity,
    };
    return [next, ...list.filter((t) => t !== cur)];
  }
  const fresh: AlertToast = { ruleId: a.ruleId, ruleName: a.ruleName, severity: a.severity, alertIds: [a.id], title: a.title, version: 0 };
  return [fresh, ...list].slice(0, MAX_ALERT_TOASTS);
}

/** The toast's sentence. */
export function alertToastText(t: AlertToast): string {
  const n = t.alertIds.length;
  return n === 1 ? `New ${t.severity} alert: ${t.title}` : `${n} new alerts from ${t.ruleName}`;
}

/** Error and critical toasts stay until dismissed; the rest fade. */
export function alertToastSticky(t: AlertToast): boolean {
  return RANK[t.severity] >= RANK.error;
}
