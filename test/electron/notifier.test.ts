import { describe, expect, it } from 'vitest';
import { createDesktopNotifier, MAX_LIVE_TOASTS } from '../../main/electron/notifier.ts';
import type { NavigateTarget } from '../../main/electron/notifier.ts';
import { createFakeElectron } from './fake-electron.ts';

function setup(supported = true) {
  const fake = createFakeElectron({ notificationsSupported: supported });
  const events: Array<'focus' | NavigateTarget> = [];
  const notifier = createDesktopNotifier({
    Notification: fake.electron.Notification,
    focus: () => events.push('focus'),
    navigate: (t) => events.push(t),
  });
  return { fake, notifier, events };
}

describe('desktop notifier', () => {
  it('shows an OS toast with the alert title and body', () => {
    const { fake, notifier } = setup();
    notifier.notify({ title: 'Critical: brute force', body: '12 failed logins on web-1', alertId: 'al_9', kind: 'alert' });
    expect(fake.state.notifications).toHaveLength(1);
    expect(fake.state.notifications[0]!.options).toEqual({ title: 'Critical: brute force', body: '12 failed logins on web-1', silent: false });
    expect(fake.state.notifications[0]!.shown).toBe(1);
  });

  it('clicking an alert toast focuses the window and navigates to that alert', () => {
    const { fake, notifier, events } = setup();
    notifier.notify({ title: 't', body: 'b', alertId: 'al_9', kind: 'alert' });
    fake.state.notifications[0]!.emit('click');
    expect(events).toEqual(['focus', { view: 'alerts', alertId: 'al_9' }]);
    expect(notifier.liveCount).toBe(0);
  });

  it('clicking an endpoint toast opens the endpoints view; info toasts are silent and only focus', () => {
    const { fake, notifier, events } = setup();
    notifier.notify({ title: 'Endpoint disabled', body: 'siem-b failed 10 times', kind: 'endpoint' });
    notifier.notify({ title: 'Hello', body: 'x', kind: 'info' });
    expect(fake.state.notifications[1]!.options.silent).toBe(true);
    fake.state.notifications[0]!.emit('click');
    fake.state.notifications[1]!.emit('click');
    expect(events).toEqual(['focus', { view: 'endpoints' }, 'focus']);
  });

  it('keeps toasts referenced until closed, bounded during an alert storm', () => {
    const { fake, notifier } = setup();
    for (let i = 0; i < MAX_LIVE_TOASTS + 20; i++) notifier.notify({ title: `a${i}`, body: 'b', alertId: `al_${i}`, kind: 'alert' });
    expect(notifier.liveCount).toBe(MAX_LIVE_TOASTS);
    fake.state.notifications.at(-1)!.emit('close');
    expect(notifier.liveCount).toBe(MAX_LIVE_TOASTS - 1);
  });

  it('truncates very long bodies and does nothing where toasts are unsupported', () => {
    const long = setup();
    long.notifier.notify({ title: 't', body: 'x'.repeat(5000), kind: 'alert' });
    expect(long.fake.state.notifications[0]!.options.body).toHaveLength(300);
    const none = setup(false);
    none.notifier.notify({ title: 't', body: 'b', kind: 'alert' });
    expect(none.fake.state.notifications).toEqual([]);
  });
});
