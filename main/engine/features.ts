/**
 * Engine features beyond the core, each built from the shared FeatureContext. Adding a feature is
 * one line here: its factory returns its API handlers and its start/stop hooks.
 */
import type { Feature, FeatureContext } from './context.ts';
import { createForwardingFeature } from './forwarding/index.ts';
import { createRulesFeature } from './rules/index.ts';

export const FEATURE_FACTORIES: ReadonlyArray<(ctx: FeatureContext) => Feature> = [
  (ctx) => createRulesFeature(ctx),
  (ctx) => createForwardingFeature(ctx),
];
