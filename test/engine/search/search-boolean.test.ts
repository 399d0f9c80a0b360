import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN, NOW, SearchFixture } from './fixture.ts';

describe('bare terms and boolean operators', () => {
  const f = new SearchFixture();
  const id: Record<string, string> = {};

  beforeAll(() => {
    f.addSource('ls_api', 'Payments API');
    f.addSource('ls_vpn', 'VPN Gateway');
    id.a = f.add({ ts: NOW - 10 * MIN, source: 'ls_api', host: 'pay-1', message: 'Timeout calling bank', raw: { err: 'timeout', attempt: 3 } });
    id.b = f.add({ ts: NOW - 9 * MIN, source: 'ls_api', host: 'pay-2', message: 'charge ok', raw: { amount: 42 } });
    id.c = f.add({ ts: NOW - 8 * MIN, source: 'ls_vpn', user: 'carol', message: 'tunnel up', severity: 'warn', tags: ['remote-access'] });
    // Envelope fields not in raw (as a syslog source would store them).
    id.d = f.add({ ts: NOW - 7 * MIN, source: 'ls_vpn', host: 'vpn-edge', message: 'Tunnel DOWN for dave', user: 'dave', raw: { facility: 'auth' } });
    id.e = f.add({ ts: NOW - 6 * MIN, source: 'ls_vpn', raw: { note: 'say "hello" to C:\\Temp' } });
  });
  afterAll(() => f.close());

  it('an empty or blank query matches everything', () => {
    expect(f.ids('')).toHaveLength(5);
    expect(f.ids('   ')).toHaveLength(5);
  });

  it('a bare term is a case-insensitive substring over raw and envelope', () => {
    expect(f.ids('TIMEOUT')).toEqual([id.a]);
    expect(f.ids('tunnel')).toEqual([id.d, id.c]);
    expect(f.ids('dave')).toEqual([id.d]);
    expect(f.ids('vpn-edge')).toEqual([id.d]);
    expect(f.ids('remote-acc')).toEqual([id.c]);
  });

  it('a bare term also matches the source name', () => {
    expect(f.ids('payments')).toEqual([id.b, id.a]);
  });

  it('"quoted phrases" keep spaces and may hold quotes and backslashes', () => {
    expect(f.ids('"tunnel down"')).toEqual([id.d]);
    expect(f.ids('"charge ok"')).toEqual([id.b]);
    expect(f.ids('"say \\"hello\\""')).toEqual([id.e]);
    expect(f.ids('"C:\\Temp"')).toEqual([id.e]);
  });

  it('terms AND by default, and explicitly', () => {
    expect(f.ids('tunnel dave')).toEqual([id.d]);
    expect(f.ids('tunnel AND carol')).toEqual([id.c]);
    expect(f.ids('tunnel bank')).toEqual([]);
  });

  it('OR unions terms', () => {
    expect(f.ids('bank OR carol')).toEqual([id.c, id.a]);
  });

  it('NOT and -term exclude, including events where the field is missing', () => {
    expect(f.ids('tunnel NOT dave')).toEqual([id.c]);
    expect(f.ids('tunnel -dave')).toEqual([id.c]);
    expect(f.ids('-host:pay').sort()).toEqual([id.c, id.d, id.e].sort());
    expect(f.ids('NOT NOT carol')).toEqual([id.c]);
  });

  it('precedence is NOT over AND over OR', () => {
    // bank OR (tunnel AND carol)
    expect(f.ids('bank OR tunnel carol')).toEqual([id.c, id.a]);
    // (NOT tunnel) AND source:vpn
    expect(f.ids('NOT tunnel source:vpn')).toEqual([id.e]);
    // (charge) OR (NOT source:vpn AND timeout)
    expect(f.ids('charge OR -source:vpn timeout')).toEqual([id.b, id.a]);
  });

  it('parentheses group', () => {
    expect(f.ids('(bank OR tunnel) carol')).toEqual([id.c]);
    expect(f.ids('-(source:vpn OR charge)')).toEqual([id.a]);
    expect(f.ids('((tunnel) (dave OR carol)) severity:warn')).toEqual([id.c]);
  });

  it('lower-case or/and/not are plain terms', () => {
    // 'or' is a substring: Tunnel DOWN f-or- dave.
    expect(f.ids('tunnel or')).toEqual([id.d]);
  });
});
