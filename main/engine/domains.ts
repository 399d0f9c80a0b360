/**
 * Every engine domain, in the order they are built and started (stopped in reverse). Each entry is a
 * factory `create(ctx) → { handlers, start?, stop?, …its own handles }`; the engine exposes the
 * results as the typed record `engine.domains`. Adding a domain is one line here (see
 * docs/architecture.md, "Adding a domain").
 */
import type { PartialHandlers } from './api/handlers.ts';
import { createAppDomain } from './api/app-domain.ts';
import { createDashboardsDomain } from './dashboards/index.ts';
import { createIdempotencyDomain } from './api/idempotency.ts';
import type { Domain, DomainContext } from './context.ts';
import { createForwardingDomain } from './forwarding/index.ts';
import { createIngestDomain } from './ingest/domain.ts';
import { createPullDomain } from './pull/index.ts';
import { createRulesDomain } from './rules/index.ts';
import { createSearchDomain } from './search/domain.ts';
import type { SearchDomain } from './search/domain.ts';
import { createSourcesDomain } from './sources/domain.ts';
import { createHealthDomain } from './sources/health-domain.ts';
import { createEventStoreDomain } from './store/event-store/domain.ts';
import { createRetentionDomain } from './store/retention-domain.ts';

export const DOMAIN_FACTORIES = {
  // sources first: it creates the built-in source every security event is stored under.
  sources: createSourcesDomain,
  app: createAppDomain,
  ingest: createIngestDomain,
  search: createSearchDomain,
  health: createHealthDomain,
  events: createEventStoreDomain,
  retention: createRetentionDomain,
  idempotency: createIdempotencyDomain,
  rules: createRulesDomain,
  forwarding: (ctx: DomainContext) => createForwardingDomain(ctx),
  // after sources and ingest: pulled events go through the ingest writer.
  pull: (ctx: DomainContext) => createPullDomain(ctx),
  // after search: panels are answered by its worker threads.
  dashboards: (ctx: DomainContext, built: BuiltSoFar) => createDashboardsDomain(ctx, required(built.search, 'search').service),
} satisfies Record<string, (ctx: DomainContext, built: BuiltSoFar) => Domain>;

/** The domains built before the one being built: a factory may use those listed earlier. */
interface BuiltSoFar {
  readonly search?: SearchDomain;
}

function required<T>(d: T | undefined, name: string): T {
  if (d === undefined) throw new Error(`engine domain ${name} must be registered before the domains that use it`);
  return d;
}

export type DomainName = keyof typeof DOMAIN_FACTORIES;
/** The engine's domains by name, each with its own typed handles. */
export type Domains = { readonly [K in DomainName]: ReturnType<(typeof DOMAIN_FACTORIES)[K]> };

/** Build every domain in registration order. */
export function createDomains(ctx: DomainContext): Domains {
  const out: Partial<Record<DomainName, Domain>> = {};
  for (const name of Object.keys(DOMAIN_FACTORIES) as DomainName[]) out[name] = DOMAIN_FACTORIES[name](ctx, out as BuiltSoFar);
  return out as Domains;
}

/**
 * One handler table from every domain's handlers. A method claimed by two domains is a wiring
 * mistake that would silently drop one of them, so it stops the engine with both names.
 */
export function mergeHandlers(domains: Readonly<Record<string, Domain>>): PartialHandlers {
  const merged: Record<string, unknown> = {};
  const owner = new Map<string, string>();
  for (const [name, domain] of Object.entries(domains)) {
    for (const [method, handler] of Object.entries(domain.handlers)) {
      const first = owner.get(method);
      if (first !== undefined) throw new Error(`API method ${method} is handled by two engine domains: ${first} and ${name}`);
      owner.set(method, name);
      merged[method] = handler;
    }
  }
  return merged as PartialHandlers;
}
