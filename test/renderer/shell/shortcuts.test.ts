import { describe, expect, it } from 'vitest';
import { createShortcutHandler, isTypingTarget, SEQUENCE_TIMEOUT_MS } from '../../../renderer/src/shortcuts.ts';

function setup() {
  const ran: string[] = [];
  let t = 0;
  const handle = createShortcutHandler(
    [
      { keys: 'g h', description: 'health', run: () => ran.push('g h') },
      { keys: 'g s', description: 'sources', run: () => ran.push('g s') },
      { keys: '?', description: 'help', run: () => ran.push('?') },
    ],
    () => t,
  );
  return { ran, handle, advance: (ms: number) => (t += ms) };
}

describe('shortcuts', () => {
  it('runs two-key sequences and single keys', () => {
    const { ran, handle } = setup();
    expect(handle({ key: 'g' })).toBe(true);
    expect(handle({ key: 'h' })).toBe(true);
    expect(handle({ key: '?' })).toBe(true);
    expect(handle({ key: 'g' })).toBe(true);
    expect(handle({ key: 's' })).toBe(true);
    expect(ran).toEqual(['g h', '?', 'g s']);
  });
  it('forgets a pending prefix after the timeout or an unrelated key', () => {
    const { ran, handle, advance } = setup();
    handle({ key: 'g' });
    advance(SEQUENCE_TIMEOUT_MS + 1);
    expect(handle({ key: 'h' })).toBe(false);
    handle({ key: 'g' });
    expect(handle({ key: 'x' })).toBe(false);
    expect(handle({ key: 'h' })).toBe(false);
    expect(ran).toEqual([]);
  });
  it('a prefix key followed by a fresh prefix restarts the sequence', () => {
    const { ran, handle } = setup();
    handle({ key: 'g' });
    handle({ key: 'g' });
    handle({ key: 'h' });
    expect(ran).toEqual(['g h']);
  });
  it('ignores modified keys, named keys and typing targets ("/" is left to the Log Viewer)', () => {
    const { ran, handle } = setup();
    expect(handle({ key: '?', ctrlKey: true })).toBe(false);
    expect(handle({ key: 'Escape' })).toBe(false);
    expect(handle({ key: '/' })).toBe(false);
    expect(handle({ key: '?', target: { tagName: 'INPUT', type: 'text' } })).toBe(false);
    expect(handle({ key: '?', target: { tagName: 'textarea' } })).toBe(false);
    expect(handle({ key: '?', target: { tagName: 'DIV', isContentEditable: true } })).toBe(false);
    expect(handle({ key: '?', target: { tagName: 'INPUT', type: 'checkbox' } })).toBe(true);
    expect(ran).toEqual(['?']);
  });
  it('classifies typing targets', () => {
    expect(isTypingTarget(null)).toBe(false);
    expect(isTypingTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'radio' })).toBe(false);
  });
});
