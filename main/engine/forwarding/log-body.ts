import { CATEGORIES, OUTCOMES, SEVERITIES } from '../../../shared/enums.ts';
import type { EndpointFormat } from '../../../shared/enums.ts';
import type { Db } from '../store/db.ts';
import { scanById } from '../store/event-store/index.ts';
import { ddTags, hecHost } from './payload.ts';

/**
 * Which events a logs delivery carries: the committed events with ids in [minId, maxId] that
 * passed the endpoint's filter when they were batched. The events are already durable in the
 * events table, so a logs delivery stores this reference instead of a second copy of them.
 */
export interface LogRange {
  minId: number;
  maxId: number;
  minLevel: number;
  /** Only these sources (seq); null = every source except `excludeSeqs`. */
  sourceSeqs: number[] | null;
  excludeSeqs: number[];
}

/** One request's worth of a range: the body, how many events it holds, and where it stopped. */
export interface LogBody {
  body: string;
  count: number;
  lastId: number;
  /** The byte cap stopped the body before the end of the range. */
  more: boolean;
}

type Row = [number, number, number, number, number, number, string | null, string | null, string | null, string | null, string | null, string, number];

/** Sources change rarely; their id/name JSON is looked up once per build. */
type SourceJson = { id: string; name: string; hecSource: string };

/** ISO strings repeat (a whole request shares received_at); remember the last few. */
function isoCache(): (ms: number) => string {
  let lastMs = NaN;
  let last = '';
  return (ms) => (ms === lastMs ? last : ((lastMs = ms), (last = new Date(ms).toISOString())));
}

/**
 * Builds log bodies straight from stored rows by string assembly: `raw` is already JSON text in
 * the table, so no event is parsed or re-serialized. The generic item is exactly the API's Event
 * JSON (SPEC §4), key for key.
 */
export class LogBodyBuilder {
  private readonly db: Db;
  private readonly receivedIso = isoCache();
  private readonly tsIso = isoCache();
  private readonly hecHost = JSON.stringify(hecHost());

  constructor(db: Db) {
    this.db = db;
  }

  build(range: LogRange, format: EndpointFormat, maxBytes: number): LogBody {
    const sources = this.sourceNames();
    const items: string[] = [];
    const ids: number[] = [];
    let chars = 2;
    let more = false;
    for (const r of this.rows(range)) {
      const item = this.item(r, format, sources);
      // UTF-16 length equals the UTF-8 size for ASCII; exact bytes are checked once below.
      if (items.length > 0 && chars + item.length + 1 > maxBytes) {
        more = true;
        break;
      }
      items.push(item);
      ids.push(r[0]);
      chars += item.length + 1;
    }
    let body = this.join(items, format);
    if (items.length > 1 && Buffer.byteLength(body) > maxBytes) {
      // Multi-byte text: redo the cut with exact sizes.
      let bytes = 2;
      let keep = 0;
      for (const item of items) {
        const size = Buffer.byteLength(item) + 1;
        if (keep > 0 && bytes + size > maxBytes) break;
        bytes += size;
        keep++;
      }
      items.length = keep;
      ids.length = keep;
      more = true;
      body = this.join(items, format);
    }
    return { body, count: items.length, lastId: ids[ids.length - 1] ?? range.minId - 1, more };
  }

  private join(items: string[], format: EndpointFormat): string {
    return format === 'splunk_hec' ? items.join('\n') : `[${items.join(',')}]`;
  }

  private sourceNames(): Map<number, SourceJson> {
    const m = new Map<number, SourceJson>();
    for (const r of this.db.prepare('SELECT seq, id, name FROM sources').all() as { seq: number; id: string; name: string }[]) {
      m.set(r.seq, { id: JSON.stringify(r.id), name: JSON.stringify(r.name), hecSource: JSON.stringify(`watchpost:${r.name}`) });
    }
    return m;
  }

  private rows(range: LogRange, limit = -1): Row[] {
    const rows = scanById(this.db, {
      fromId: range.minId,
      toId: range.maxId,
      minSeverity: range.minLevel,
      sourceSeqs: range.sourceSeqs,
      excludeSeqs: range.sourceSeqs ? [] : range.excludeSeqs,
      ...(limit >= 0 ? { limit } : {}),
    });
    const out: Row[] = [];
    for (const r of rows)
      out.push([r.id, r.received_at, r.ts, r.severity, r.category, r.outcome, r.host, r.user, r.action, r.message, r.tags, r.raw, r.source_seq]);
    return out;
  }

  /** One event in the endpoint's format. */
  private item(r: Row, format: EndpointFormat, sources: Map<number, SourceJson>): string {
    const [id, receivedAt, ts, sev, cat, outcome, host, user, action, message, tags, raw, seq] = r;
    const src = sources.get(seq) ?? { id: '""', name: '""', hecSource: '"watchpost"' };
    const severity = SEVERITIES[sev] ?? 'info';
    const timestamp = this.tsIso(ts);
    const event =
      `{"id":"${id}","sourceId":${src.id},"sourceName":${src.name},"receivedAt":"${this.receivedIso(receivedAt)}",` +
      `"timestamp":"${timestamp}","severity":"${severity}","category":"${CATEGORIES[cat] ?? 'other'}","host":${JSON.stringify(host)},` +
      `"user":${JSON.stringify(user)},"action":${JSON.stringify(action)},"outcome":"${OUTCOMES[outcome] ?? 'unknown'}",` +
      `"message":${JSON.stringify(message)},"tags":${tags ?? '[]'},"raw":${raw}}`;
    if (format === 'generic') return event;
    if (format === 'splunk_hec') {
      return `{"event":${event},"time":${ts / 1000},"host":${host === null ? this.hecHost : JSON.stringify(host)},"source":${src.hecSource},"sourcetype":"_json"}`;
    }
    const tagList = tags ? (JSON.parse(tags) as string[]) : [];
    return (
      `{"ddsource":"watchpost","service":${src.name},${host === null ? '' : `"hostname":${JSON.stringify(host)},`}"status":"${severity}",` +
      `"message":${message === null ? JSON.stringify(raw) : JSON.stringify(message)},"ddtags":${JSON.stringify(ddTags([`category:${CATEGORIES[cat] ?? 'other'}`, ...tagList]))},` +
      `"date":"${timestamp}","watchpost":${event}}`
    );
  }
}
