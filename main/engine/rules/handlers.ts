import { randomBytes } from 'node:crypto';
import type { CallMeta } from '../../../shared/api.ts';
import { ALERT_STATUSES, RULE_SEVERITIES } from '../../../shared/enums.ts';
import type { AlertStatus, RuleSeverity } from '../../../shared/enums.ts';
import { notFound, validationError } from '../../../shared/errors.ts';
import { actorOf } from '../../../shared/security-events.ts';
import type { SecurityEventType } from '../../../shared/security-events.ts';
import type { PartialHandlers } from '../api/handlers.ts';
import type { DomainContext } from '../context.ts';
import { listLimit, queryChoice } from '../validate.ts';
import { toApiAlert } from './alert-model.ts';
import { applyAlertChange, parseAlertChange } from './alert-update.ts';
import { previewRule } from './preview.ts';
import { toApiRule } from './rule-repo.ts';
import type { StoredRule } from './rule-repo.ts';
import { validateRuleInput, validateRulePatch } from './rule-validate.ts';
import type { RuleDefinition, RuleRefs } from './rule-validate.ts';
import type { RulesEngine } from './rules-engine.ts';

/** Reference checks against the live tables; endpoints only once forwarding has created its table. */
function refsFor(ctx: DomainContext): RuleRefs {
  const platform = ctx.db.prepare('SELECT 1 FROM platforms WHERE id = ?');
  const hasEndpoints = ctx.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'endpoints'").get() !== undefined;
  const endpoint = hasEndpoints ? ctx.db.prepare('SELECT 1 FROM endpoints WHERE id = ?') : null;
  return {
    sourceExists: (id) => ctx.sources.byId(id) !== undefined,
    platformExists: (id) => platform.get(id) !== undefined,
    endpointExists: endpoint ? (id) => endpoint.get(id) !== undefined : null,
  };
}

function changedFields(prev: RuleDefinition, next: RuleDefinition): string[] {
  return (Object.keys(next) as (keyof RuleDefinition)[]).filter((k) => JSON.stringify(prev[k]) !== JSON.stringify(next[k]));
}

function definitionOf(r: StoredRule): RuleDefinition {
  const { id: _i, createdAt: _c, updatedAt: _u, lastEvaluated: _e, lastTriggered: _t, triggerCount: _n, ...def } = r;
  return def;
}

/** rules.* and alerts.* API methods. Rule changes are recorded as audit security events (never secrets). */
export function rulesHandlers(ctx: DomainContext, engine: RulesEngine): PartialHandlers {
  const record = (type: SecurityEventType, r: StoredRule, meta: CallMeta, details: Record<string, unknown>) =>
    ctx.security.record({
      type,
      actor: actorOf(meta),
      resource: { type: 'rule', id: r.id },
      details: { name: r.name, ruleType: r.ruleType, ...details },
    });
  const mustGet = (id: unknown): StoredRule => {
    const r = typeof id === 'string' ? engine.get(id) : undefined;
    if (!r) throw notFound('rule', String(id));
    return r;
  };
  const mustGetAlert = (id: unknown) => {
    const a = typeof id === 'string' ? (engine.sink.cached(id) ?? engine.alerts.get(id)) : undefined;
    if (!a) throw notFound('alert', String(id));
    return a;
  };

  return {
    'rules.list': () => ({ items: engine.list().map(toApiRule) }),
    'rules.get': ({ id }) => toApiRule(mustGet(id)),
    'rules.create': (input, meta) => {
      const def = validateRuleInput(input, refsFor(ctx));
      const rule = engine.rules.insert(`rl_${randomBytes(9).toString('base64url')}`, def, ctx.clock.now());
      engine.install(rule);
      record('rule.created', rule, meta, {});
      return toApiRule(rule);
    },
    'rules.update': (input, meta) => {
      if (!input || typeof input !== 'object') throw validationError('rule patch must be a JSON object');
      const { id, ...patch } = input as Record<string, unknown>;
      const prev = mustGet(id);
      const def = validateRulePatch(definitionOf(prev), patch, refsFor(ctx));
      const changed = changedFields(definitionOf(prev), def);
      if (changed.length === 0) return toApiRule(prev);
      const rule = engine.rules.update(prev, def, ctx.clock.now());
      engine.install(rule);
      record('rule.updated', rule, meta, { changed });
      return toApiRule(rule);
    },
    'rules.delete': ({ id }, meta) => {
      const rule = mustGet(id);
      engine.rules.delete(rule.id);
      engine.uninstall(rule.id);
      record('rule.deleted', rule, meta, {});
      return { deleted: true };
    },
    'rules.preview': (input) => {
      const def = validateRuleInput(input, refsFor(ctx));
      return previewRule({ db: ctx.db, sources: ctx.sources, now: ctx.clock.now() }, def);
    },

    'alerts.list': (input) => {
      const q = (input ?? {}) as Record<string, unknown>;
      const status = queryChoice<AlertStatus>('status', q.status, ALERT_STATUSES);
      const severity = queryChoice<RuleSeverity>('severity', q.severity, RULE_SEVERITIES);
      const ruleId = typeof q.ruleId === 'string' && q.ruleId !== '' ? q.ruleId : undefined;
      const rows = engine.alerts.list({ status, severity, ruleId, limit: listLimit(q.limit) });
      return { items: rows.map((a) => toApiAlert(engine.sink.cached(a.id) ?? a)) };
    },
    'alerts.get': ({ id }) => toApiAlert(mustGetAlert(id)),
    'alerts.update': (input, meta) => {
      const change = parseAlertChange(input);
      const alert = mustGetAlert((input as { id?: unknown }).id);
      const deps = { sink: engine.sink, alerts: engine.alerts, security: ctx.security, now: ctx.clock.now(), actor: meta.actor ?? 'analyst' };
      applyAlertChange(deps, alert, change);
      return toApiAlert(alert);
    },
  };
}
