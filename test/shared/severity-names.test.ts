import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SEVERITIES } from '../../shared/enums.ts';
import type { Severity } from '../../shared/enums.ts';
import { severityFromName } from '../../shared/severity-names.ts';

/** The oracle: the table written out the long way, one row per word a shipper is known to send. */
const ORACLE: [string, Severity][] = [
  ['debug', 'debug'],
  ['dbg', 'debug'],
  ['trace', 'debug'],
  ['verbose', 'debug'],
  ['fine', 'debug'],
  ['finer', 'debug'],
  ['finest', 'debug'],
  ['info', 'info'],
  ['information', 'info'],
  ['informational', 'info'],
  ['notice', 'notice'],
  ['warn', 'warn'],
  ['warning', 'warn'],
  ['error', 'error'],
  ['err', 'error'],
  ['severe', 'error'],
  ['critical', 'critical'],
  ['crit', 'critical'],
  ['alert', 'critical'],
  ['emerg', 'critical'],
  ['emergency', 'critical'],
  ['fatal', 'critical'],
  ['panic', 'critical'],
  ['0', 'critical'],
  ['1', 'critical'],
  ['2', 'critical'],
  ['3', 'error'],
  ['4', 'warn'],
  ['5', 'notice'],
  ['6', 'info'],
  ['7', 'debug'],
  ['10', 'debug'],
  ['20', 'debug'],
  ['30', 'info'],
  ['40', 'warn'],
  ['50', 'error'],
  ['60', 'critical'],
];

function oracle(v: string): Severity | null {
  const t = v.trim().toLowerCase();
  for (const [w, s] of ORACLE) if (w === t) return s;
  return null;
}

describe('severityFromName (one mapping for every intake)', () => {
  it('maps what shippers send: syslog-ng err, rsyslog warning, Java fatal, Seq Information, numeric syslog levels', () => {
    expect(severityFromName('err')).toBe('error');
    expect(severityFromName('warning')).toBe('warn');
    expect(severityFromName('crit')).toBe('critical');
    expect(severityFromName('alert')).toBe('critical');
    expect(severityFromName('emerg')).toBe('critical');
    expect(severityFromName('FATAL')).toBe('critical');
    expect(severityFromName('panic')).toBe('critical');
    expect(severityFromName('TRACE')).toBe('debug');
    expect(severityFromName('Information')).toBe('info');
    expect(severityFromName('informational')).toBe('info');
    expect(severityFromName(' Warning ')).toBe('warn');
    for (let code = 0; code <= 7; code++) expect(severityFromName(code)).toBe(ORACLE.find(([w]) => w === String(code))![1]);
    expect(severityFromName(30)).toBe('info');
    expect(severityFromName(50)).toBe('error');
  });

  it("keeps Watchpost's own names exactly (SPEC §3 wire behaviour unchanged)", () => {
    for (const s of SEVERITIES) {
      expect(severityFromName(s)).toBe(s);
      expect(severityFromName(s.toUpperCase())).toBe(s);
    }
  });

  it('returns null for what it does not know, so each caller keeps its own fallback', () => {
    for (const v of ['loud', '', '   ', '8', '11', '3.0', 'errors', null, undefined, true, {}, [], 3.5, -1, 8, Number.NaN, 'x'.repeat(100)]) {
      expect(severityFromName(v)).toBeNull();
    }
  });

  it('agrees with the brute-force oracle on random casing and padding of known words and on random strings', () => {
    const known = fc.constantFrom(...ORACLE.map(([w]) => w));
    const cased = fc
      .tuple(known, fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }), fc.constantFrom('', ' ', '  '), fc.constantFrom('', ' '))
      .map(([w, ups, pre, post]) => pre + [...w].map((c, i) => (ups[i] ? c.toUpperCase() : c)).join('') + post);
    fc.assert(
      fc.property(fc.oneof(cased, fc.string({ maxLength: 14 })), (v) => {
        expect(severityFromName(v)).toBe(oracle(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads integers as the same level whether sent as a number or a string', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 70 }), (n) => {
        expect(severityFromName(n)).toBe(oracle(String(n)));
      }),
    );
  });
});
