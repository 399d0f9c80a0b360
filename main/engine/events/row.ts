import { CATEGORIES, OUTCOMES, SEVERITIES } from '../../../shared/enums.ts';
import type { WatchpostEvent } from '../../../shared/types.ts';
import type { StoredRow } from '../store/event-store/index.ts';

/** A stored event (head row or decoded block row) joined with its source (`s.id AS source_id, s.name AS source_name`). */
export interface EventRow extends StoredRow {
  source_id: string;
  source_name: string;
}

export function rowToEvent(r: EventRow): WatchpostEvent {
  return {
    id: String(r.id),
    sourceId: r.source_id,
    sourceName: r.source_name,
    receivedAt: new Date(r.received_at).toISOString(),
    timestamp: new Date(r.ts).toISOString(),
    severity: SEVERITIES[r.severity] ?? 'info',
    category: CATEGORIES[r.category] ?? 'other',
    host: r.host,
    user: r.user,
    action: r.action,
    outcome: OUTCOMES[r.outcome] ?? 'unknown',
    message: r.message,
    tags: r.tags ? (JSON.parse(r.tags) as string[]) : [],
    raw: JSON.parse(r.raw) as Record<string, unknown>,
  };
}
