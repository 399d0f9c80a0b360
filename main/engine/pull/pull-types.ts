/**
 * The shapes every pull connector shares: what a window is, what one page of a provider's answer
 * becomes, and the connector interface the poller drives. Connectors know their provider's wire
 * format; checkpoints, de-duplication and commits live in the poller, once for all six.
 */
import type { Outcome, PullSourceType, Severity } from '../../../shared/enums.ts';
import type { PullHttp } from './http-client.ts';

/** Half-open time range [start, end) in epoch ms, on the provider's cursor time. */
export interface PullWindow {
  start: number;
  end: number;
}

/** The envelope a connector derives from one provider entry (SPEC §2 mapping). */
export interface PullEnvelope {
  ts: number;
  severity: Severity | null;
  host: string | null;
  user: string | null;
  action: string | null;
  outcome: Outcome | null;
  message: string | null;
}

/** One provider entry, mapped. */
export interface PullEntry {
  /** De-duplication key, unique per target (often the provider id). */
  key: string;
  /** The provider's entry id, kept in raw.pull.id. */
  id: string;
  /** Cursor time (epoch ms) the window and checkpoint are measured on (event time or index time). */
  at: number;
  envelope: PullEnvelope;
  /** The whole original record (raw.pull is added by the poller). */
  raw: Record<string, unknown>;
}

/** Provider paging state between pages of one window: never stored, never a durable checkpoint. */
export type PageState = Record<string, unknown>;

export interface PullPage {
  entries: PullEntry[];
  /** null = the window is complete. */
  next: PageState | null;
}

export interface ConnectorContext {
  creds: Record<string, string>;
  http: PullHttp;
  /** Per-source state a connector keeps between polls (access tokens, API version, rate gate). */
  memo: Map<string, unknown>;
}

export interface Connector {
  readonly type: PullSourceType;
  /**
   * True when pages arrive in ascending cursor time within a window (so the checkpoint may move to
   * the last entry of each committed page); false = only a completed window moves it.
   */
  readonly sorted: boolean;
  /** The provider's largest page (entries per request): the default page size. */
  readonly pageLimit: number;
  /** Read one page of `win` for `target`; `state` is null for the window's first page. */
  page(ctx: ConnectorContext, target: string, win: PullWindow, state: PageState | null, limit: number): Promise<PullPage>;
  /** Release provider resources held by an unfinished window (Elasticsearch PIT). */
  close?(ctx: ConnectorContext, state: PageState): Promise<void>;
  /** Targets for autocomplete: log groups, indexes, label selectors. */
  discover(ctx: ConnectorContext): Promise<string[]>;
}
