/**
 * CEF times (`rt`, `start`, `end`) and the device time zone `dtz`. ArcSight allows epoch
 * milliseconds or `MMM dd [yyyy] HH:mm:ss[.SSS] [zone]`; a time without its own zone is in the
 * device's zone when `dtz` names one (`Europe/Berlin`, `GMT+01:00`, `UTC`), else in the machine's
 * local zone. Unknown zones make the time unreadable (null) rather than silently wrong.
 */

const CEF_DATE = /^([A-Za-z]{3}) {1,2}(\d{1,2})(?: (\d{4}))? (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?: (\S.*))?$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FIXED_ZONE = /^(?:UTC|GMT|UT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i;
const DAY_MS = 86_400_000;

/** Zone names come from the network: remember at most this many (valid or not). */
const MAX_CACHED_ZONES = 64;
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterOf(zone: string): Intl.DateTimeFormat | null {
  if (formatters.has(zone)) return formatters.get(zone)!;
  let f: Intl.DateTimeFormat | null;
  try {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    f = null; // RangeError: not an IANA zone
  }
  if (formatters.size >= MAX_CACHED_ZONES) formatters.clear();
  formatters.set(zone, f);
  return f;
}

/** Minutes east of UTC of `zone` at `instant`, or null for a zone Watchpost cannot read. */
export function zoneOffsetMinutes(zone: string, instant: number): number | null {
  const z = zone.trim();
  if (/^(?:Z|UTC|GMT|UT)$/i.test(z)) return 0;
  const fixed = FIXED_ZONE.exec(z);
  if (fixed) {
    const h = Number(fixed[2]);
    const m = Number(fixed[3] ?? 0);
    if (h > 14 || m > 59) return null;
    return (fixed[1] === '-' ? -1 : 1) * (h * 60 + m);
  }
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{1,63}$/.test(z)) return null;
  const f = formatterOf(z);
  if (!f) return null;
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(instant)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** Epoch ms of a wall-clock time (given as if UTC) in `zone`; DST gaps resolve like java.time (forward). */
function wallToInstant(wallAsUtc: number, zone: string): number | null {
  const first = zoneOffsetMinutes(zone, wallAsUtc);
  if (first === null) return null;
  const second = zoneOffsetMinutes(zone, wallAsUtc - first * 60_000);
  return wallAsUtc - (second ?? first) * 60_000;
}

/**
 * A CEF time field → epoch ms, or null when it is not one of ArcSight's forms. `dtz` is the event's
 * device time zone; `now` supplies the year of a date without one (the previous year when the
 * current one would put it more than a day in the future).
 */
export function cefTime(v: string | undefined, dtz?: string, now: number = Date.now()): number | null {
  if (!v) return null;
  if (/^\d{10,13}$/.test(v)) {
    const n = Number(v);
    return v.length <= 10 ? n * 1000 : n;
  }
  const m = CEF_DATE.exec(v.trim());
  if (!m) return null;
  const mon = MONTHS.indexOf(m[1]!.toLowerCase());
  if (mon < 0) return null;
  const day = Number(m[2]);
  const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (day < 1 || day > 31 || h > 23 || mi > 59 || s > 59) return null;
  const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  const zone = m[8] ?? (dtz?.trim() || undefined);
  const at = (year: number): number | null => {
    const wall = Date.UTC(year, mon, day, h, mi, s, ms);
    if (new Date(wall).getUTCDate() !== day) return null; // Feb 30 and friends
    return zone === undefined ? new Date(year, mon, day, h, mi, s, ms).getTime() : wallToInstant(wall, zone);
  };
  if (m[3]) return at(Number(m[3]));
  const thisYear = new Date(now).getUTCFullYear();
  const t = at(thisYear);
  if (t !== null && t > now + DAY_MS) return at(thisYear - 1);
  return t;
}
