/**
 * The 100 active mixed rules of the rules benchmark, shaped like a tuned production rule set:
 * 39 pattern rules (envelope fields, raw paths, RE2 regexes), 40 threshold rules (filters, every
 * group-by), 20 absence rules, plus the latency probe rule; a third scoped to one source, the rest
 * global; a quarter with severity filters. Every rule is evaluated against every event in its scope;
 * on bench/lib/events.ts traffic 5 pattern rules and 8 threshold rules fire and keep counting events
 * into their open alerts (so alert writes are measured too), the others look and do not match —
 * thresholds are set above the traffic's normal rate, as an analyst tunes them.
 */
import type { RuleInput } from '../../shared/types.ts';
import type { GroupBy, Severity } from '../../shared/enums.ts';

/** The latency probe rule: a new alert per probe host, nothing else matches it. */
export function latencyRule(): RuleInput {
  return {
    name: 'latency probe',
    severity: 'info',
    ruleType: 'threshold',
    thresholdField: 'host',
    thresholdValue: 'lat-',
    thresholdCount: 0,
    thresholdWindowMinutes: 1,
    thresholdGroupBy: 'host',
  };
}

/** Pattern rules: the first 5 match bench traffic regularly. */
const PATTERNS: [string, string][] = [
  ['message', 'database timeout'],
  ['raw.request.path', '/admin'],
  ['message', 'Failed MFA'],
  ['raw.error.type', 'TimeoutError'],
  ['message', '/deny tcp 6\\d{4}/'],
  ['user', '/^(root|administrator)@/i'],
  ['host', 'db-'],
  ['action', 'password_reset'],
  ['raw.request.path', '/wp-login.php'],
  ['message', 'segfault'],
  ['raw.srcIp', '198.51.100.'],
  ['tags', 'malware'],
  ['message', '/(union\\s+select|<script)/i'],
  ['raw.method', 'kerberos'],
  ['category', 'audit'],
  ['raw.error.type', 'OutOfMemory'],
];
const FIRING_THRESHOLDS: Pick<RuleInput, 'thresholdField' | 'thresholdValue' | 'thresholdCount' | 'thresholdGroupBy'>[] = [
  { thresholdField: 'outcome', thresholdValue: 'failure', thresholdCount: 1000, thresholdGroupBy: 'host' },
  { thresholdField: 'message', thresholdValue: 'Failed MFA', thresholdCount: 500, thresholdGroupBy: 'none' },
  { thresholdField: 'raw.statusCode', thresholdValue: '500', thresholdCount: 2000, thresholdGroupBy: 'source' },
  { thresholdField: 'action', thresholdValue: 'exception', thresholdCount: 5000, thresholdGroupBy: 'none' },
  { thresholdField: null, thresholdValue: null, thresholdCount: 50_000, thresholdGroupBy: 'source' },
  { thresholdField: 'category', thresholdValue: 'network', thresholdCount: 10_000, thresholdGroupBy: 'action' },
  { thresholdField: 'user', thresholdValue: 'user1', thresholdCount: 3000, thresholdGroupBy: 'none' },
  { thresholdField: 'outcome', thresholdValue: 'fail', thresholdCount: 20_000, thresholdGroupBy: 'none' },
];
const QUIET_FILTERS: [string, string][] = [
  ['action', 'password_reset'],
  ['raw.statusCode', '418'],
  ['user', 'admin'],
  ['host', 'db-'],
  ['message', 'segfault'],
  ['raw.request.path', '/wp-admin'],
  ['category', 'audit'],
  ['raw.method', 'kerberos'],
];
const GROUPS: GroupBy[] = ['none', 'host', 'user', 'action', 'source'];
const SEVERITY_FILTERS: Severity[][] = [[], [], ['error', 'critical'], ['warn', 'error', 'critical']];

/** 99 rules + the latency rule = 100 active rules over `sourceIds`. */
export function mixedRules(sourceIds: string[]): RuleInput[] {
  const out: RuleInput[] = [latencyRule()];
  const scope = (i: number) => (i % 3 === 2 ? { sourceIds: [sourceIds[i % sourceIds.length]!] } : {});
  for (let i = 0; i < 39; i++) {
    const [field, value] = PATTERNS[i] ?? [['message', 'raw.request.query', 'user', 'host'][i % 4]!, `needle-${i}`];
    out.push({
      name: `pattern ${i}`,
      severity: 'warn',
      ruleType: 'pattern',
      patternField: field,
      patternValue: value,
      cooldownMinutes: i % 2 ? 5 : 0,
      severityFilter: i < 5 ? [] : SEVERITY_FILTERS[i % SEVERITY_FILTERS.length]!,
      ...(i < 5 ? {} : scope(i)),
    });
  }
  for (let i = 0; i < 40; i++) {
    const firing = FIRING_THRESHOLDS[i];
    const [field, value] = QUIET_FILTERS[i % QUIET_FILTERS.length]!;
    out.push({
      name: `threshold ${i}`,
      severity: 'error',
      ruleType: 'threshold',
      thresholdWindowMinutes: [5, 15, 60][i % 3]!,
      autoClose: i % 2 === 0,
      autoCloseGraceMinutes: 5,
      ...(firing ?? {
        thresholdField: field,
        thresholdValue: value,
        thresholdCount: [5, 20, 100][i % 3]!,
        thresholdGroupBy: GROUPS[i % GROUPS.length]!,
        severityFilter: SEVERITY_FILTERS[i % SEVERITY_FILTERS.length]!,
        ...scope(i),
      }),
    });
  }
  for (let i = 0; i < 20; i++) {
    out.push({
      name: `absence ${i}`,
      severity: 'critical',
      ruleType: 'absence',
      absenceWindowMinutes: 10 + i,
      absenceUseSourceHeartbeat: i % 2 === 0,
      autoClose: true,
      ...scope(i),
    });
  }
  return out;
}
