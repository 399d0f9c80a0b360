import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN, NOW, SearchFixture } from './fixture.ts';

describe('search on envelope fields', () => {
  const f = new SearchFixture();
  const id: Record<string, string> = {};

  beforeAll(() => {
    f.addPlatform('pf_prod', 'Production');
    f.addPlatform('pf_lab', 'Lab');
    f.addSource('ls_web', 'Web Frontend', 'pf_prod');
    f.addSource('ls_fw', 'Edge Firewall', 'pf_lab');
    f.addSource('ls_solo', 'Standalone');
    const events: Record<string, Parameters<SearchFixture['add']>[0]> = {
      web1: {
        ts: NOW - 10 * MIN,
        source: 'ls_web',
        host: 'web-01',
        user: 'alice',
        action: 'login',
        severity: 'info',
        category: 'auth',
        outcome: 'success',
        message: 'User alice logged in',
        tags: ['prod', 'frontend'],
      },
      web2: {
        ts: NOW - 9 * MIN,
        source: 'ls_web',
        host: 'WEB-02',
        user: 'bob',
        action: 'login',
        severity: 'warn',
        category: 'auth',
        outcome: 'failure',
        message: 'Bad password for bob',
        tags: ['prod'],
      },
      fw: {
        ts: NOW - 8 * MIN,
        source: 'ls_fw',
        host: 'fw-edge',
        action: 'deny',
        severity: 'error',
        category: 'network',
        outcome: 'failure',
        message: 'Denied 10.0.0.5 -> 10.0.0.9',
      },
      solo: {
        ts: NOW - 7 * MIN,
        source: 'ls_solo',
        host: 'db-web',
        user: 'sysadmin',
        severity: 'critical',
        category: 'system',
        message: 'disk 100% full',
        tags: ['db_primary'],
      },
      bare: { ts: NOW - 6 * MIN, source: 'ls_solo', severity: 'debug', category: 'app' },
    };
    for (const [name, ev] of Object.entries(events)) id[name] = f.add(ev);
  });
  afterAll(() => f.close());

  it('host:value is a case-insensitive contains', () => {
    expect(f.ids('host:web').sort()).toEqual([id.web1, id.web2, id.solo].sort());
    expect(f.ids('host:EDGE')).toEqual([id.fw]);
  });

  it('host:=value matches the whole value, case-sensitively', () => {
    expect(f.ids('host:=web-01')).toEqual([id.web1]);
    expect(f.ids('host:=web')).toEqual([]);
    expect(f.ids('host:=web-02')).toEqual([]);
    expect(f.ids('host:=WEB-02')).toEqual([id.web2]);
  });

  it('host:web-* is a glob over the whole value, case-insensitive', () => {
    expect(f.ids('host:web-*').sort()).toEqual([id.web1, id.web2].sort());
    expect(f.ids('host:*-web')).toEqual([id.solo]);
    expect(f.ids('host:w*0*')).toEqual([id.web2, id.web1]);
  });

  it('field:* means the field is present', () => {
    expect(f.ids('user:*').sort()).toEqual([id.web1, id.web2, id.solo].sort());
    expect(f.ids('tag:*').sort()).toEqual([id.web1, id.web2, id.solo].sort());
    expect(f.ids('-host:*')).toEqual([id.bare]);
  });

  it('user, action and message match by contains', () => {
    expect(f.ids('user:admin')).toEqual([id.solo]);
    expect(f.ids('action:LOG').sort()).toEqual([id.web1, id.web2].sort());
    expect(f.ids('message:"bad password"')).toEqual([id.web2]);
  });

  it('LIKE wildcards in values are literal', () => {
    expect(f.ids('message:100%')).toEqual([id.solo]);
    expect(f.ids('message:0%')).toEqual([id.solo]);
    expect(f.ids('tag:db_p')).toEqual([id.solo]);
    expect(f.ids('tag:b_p')).toEqual([id.solo]);
    // As a LIKE wildcard, '_' would match the 'b' of db_primary.
    expect(f.ids('tag:d_')).toEqual([]);
    expect(f.ids('message:"10_"')).toEqual([]);
  });

  it('tag matches any tag: contains, exact, glob', () => {
    expect(f.ids('tag:front')).toEqual([id.web1]);
    expect(f.ids('tag:=prod').sort()).toEqual([id.web1, id.web2].sort());
    expect(f.ids('tag:=pro')).toEqual([]);
    expect(f.ids('tag:fr*end')).toEqual([id.web1]);
  });

  it('severity, category, outcome match exactly; severity compares by level', () => {
    expect(f.ids('severity:warn')).toEqual([id.web2]);
    expect(f.ids('severity:WARN')).toEqual([id.web2]);
    expect(f.ids('severity:>=error').sort()).toEqual([id.fw, id.solo].sort());
    expect(f.ids('severity:>warn').sort()).toEqual([id.fw, id.solo].sort());
    expect(f.ids('severity:<info')).toEqual([id.bare]);
    expect(f.ids('severity:<=info').sort()).toEqual([id.web1, id.bare].sort());
    expect(f.ids('category:auth').sort()).toEqual([id.web1, id.web2].sort());
    expect(f.ids('outcome:failure').sort()).toEqual([id.web2, id.fw].sort());
    expect(f.ids('category:a*').sort()).toEqual([id.web1, id.web2, id.bare].sort());
  });

  it('source: takes a name (contains) or an exact id', () => {
    expect(f.ids('source:frontend').sort()).toEqual([id.web1, id.web2].sort());
    expect(f.ids('source:ls_fw')).toEqual([id.fw]);
    expect(f.ids('source:ls_f')).toEqual([]);
    expect(f.ids('source:"edge firewall"')).toEqual([id.fw]);
    expect(f.ids('source:=Standalone').sort()).toEqual([id.solo, id.bare].sort());
    expect(f.ids('source:ls_*').length).toBe(5);
  });

  it('platform: takes the platform name or id; platform:* means linked to one', () => {
    expect(f.ids('platform:prod').sort()).toEqual([id.web1, id.web2].sort());
    expect(f.ids('platform:pf_lab')).toEqual([id.fw]);
    expect(f.ids('platform:*').sort()).toEqual([id.web1, id.web2, id.fw].sort());
    expect(f.ids('-platform:*').sort()).toEqual([id.solo, id.bare].sort());
  });

  it('events come back newest first with the event JSON shape', () => {
    const page = f.search.search({}, NOW);
    expect(page.events.map((e) => e.id)).toEqual([id.bare, id.solo, id.fw, id.web2, id.web1]);
    expect(page.nextCursor).toBeNull();
    const web2 = page.events[3]!;
    expect(web2).toMatchObject({
      sourceId: 'ls_web',
      sourceName: 'Web Frontend',
      severity: 'warn',
      category: 'auth',
      outcome: 'failure',
      host: 'WEB-02',
      user: 'bob',
      action: 'login',
      tags: ['prod'],
      timestamp: new Date(NOW - 9 * MIN).toISOString(),
    });
  });

  it('events of a deleted source stay searchable', () => {
    f.addSource('ls_gone', 'Gone Soon');
    const gone = f.add({ ts: NOW - 5 * MIN, source: 'ls_gone', host: 'ghost-1' });
    f.db.prepare("DELETE FROM sources WHERE id = 'ls_gone'").run();
    const [ev] = f.search.search({ q: 'host:ghost' }, NOW).events;
    expect(ev).toMatchObject({ id: gone, sourceId: '', sourceName: '(deleted source)' });
    expect(f.ids('source:gone')).toEqual([]);
  });
});
