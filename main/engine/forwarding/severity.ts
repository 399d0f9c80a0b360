import { SECURITY_SEVERITY_MAP, severityLevel } from '../../../shared/enums.ts';
import type { SecurityEvent } from '../../../shared/types.ts';

/**
 * Seed 003 rates security events info/low/medium/high/critical; an endpoint's `minSeverity` is on
 * Watchpost's own six-level scale, so one threshold filters security events, alerts and logs alike.
 * The mapping is the one the security recorder stores these events with (SECURITY_SEVERITY_MAP in
 * shared/enums.ts), so an event's severity in the Log Viewer is exactly the one minSeverity compares:
 *
 *   seed 003   info  low   medium  high   critical
 *   Watchpost  info  info  notice  error  critical
 *
 * Returns the level (0–5) of a security event on Watchpost's scale, for the minSeverity comparison.
 */
export function securityLevel(s: SecurityEvent['severity']): number {
  return severityLevel(SECURITY_SEVERITY_MAP[s] ?? 'info');
}
