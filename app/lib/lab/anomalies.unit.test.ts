import { describe, expect, it } from 'vitest';
import { checkHistory, describeAnomalies, type CommandEntry, type History, type ViewSample } from './anomalies';

const sample = (at: number, position: number | null, value: string, more: Partial<ViewSample> = {}): ViewSample => ({
  at,
  session: 'tab-1',
  view: 'book:b1',
  value,
  position,
  source: 'read-model',
  badge: 'fresh',
  ...more,
});
const command = (more: Partial<CommandEntry> = {}): CommandEntry => ({ id: 'c1', session: 'tab-1', label: 'Buy', sentAt: 100, answeredAt: 200, ok: true, position: 11, views: ['book:b1'], ...more });
const history = (samples: ViewSample[], commands: CommandEntry[] = [], more: Partial<History> = {}): History => ({ samples, commands, reloads: [], endedAt: 10_000, ...more });
const kinds = (h: History) => checkHistory(h).anomalies.map((a) => a.kind);

describe('the anomaly checker', () => {
  it('finds a stale read after own write: the view answered again below the write, as current', () => {
    const h = history([sample(0, 10, 'stock 5'), sample(300, 10, 'stock 5', { at: 300 })], [command()]);
    expect(kinds(h)).toEqual(['stale-read-after-own-write']);
    expect(checkHistory(h).anomalies[0]!.detail).toMatch(/committed at 11.*position 10/);
  });

  it('finds a view that simply kept showing the old data as current after the write', () => {
    expect(kinds(history([sample(0, 10, 'stock 5')], [command()]))).toEqual(['stale-read-after-own-write']);
    // Given a quarter second to react, a read from the primary is in time.
    expect(kinds(history([sample(0, 10, 'stock 5'), sample(260 + 100, 11, 'stock 4', { source: 'primary', badge: 'primary' }), sample(200 + 240, 11, 'stock 4')], [command()]))).toEqual([]);
  });

  it("counts the browser's other tabs: a new answer there below the write is stale too; what they held before is not", () => {
    const write = command({ browser: 'B' });
    const otherTab = (at: number, position: number) => sample(at, position, 'stock 5', { session: 'tab-2', browser: 'B' });
    const own = sample(300, 11, 'stock 4', { browser: 'B' });
    expect(checkHistory(history([own, otherTab(0, 10)], [write])).anomalies).toEqual([]);
    const later = checkHistory(history([own, otherTab(0, 10), otherTab(600, 10)], [write])).anomalies;
    expect(later.filter((a) => a.kind === 'stale-read-after-own-write').map((a) => a.detail)).toEqual(['Buy committed at 11; book:b1 in another tab then showed position 10 (stock 5) as current']);
    // And the browser went back in time across its tabs.
    expect(later.map((a) => a.kind)).toContain('time-went-backwards');
  });

  it('does not call a marked view stale: pending guesses and waiting views claim nothing', () => {
    const h = history([sample(0, 10, 'stock 5'), sample(250, 10, 'stock 4', { badge: 'pending' }), sample(300, 10, 'stock 4', { badge: 'waiting' }), sample(900, 11, 'stock 4')], [command()]);
    expect(kinds(h)).toEqual([]);
    expect(checkHistory(h).chances['stale-read-after-own-write']).toBe(1);
  });

  it('finds time going backwards in one tab, and across tabs of one browser', () => {
    expect(kinds(history([sample(0, 12, 'a'), sample(10, 11, 'b')]))).toContain('time-went-backwards');
    const tabs = history([sample(0, 12, 'a', { browser: 'B' }), sample(10, 11, 'a', { browser: 'B', session: 'tab-2' })]);
    expect(checkHistory(tabs).anomalies.map((a) => a.detail)).toEqual(['across tabs: book:b1 showed position 11 after another tab showed 12']);
    // Different browsers owe each other nothing.
    expect(kinds(history([sample(0, 12, 'a', { browser: 'B' }), sample(10, 11, 'a', { browser: 'C', session: 'tab-2' })]))).toEqual([]);
  });

  it('finds flicker (new → old → new) but not two real changes that return to a value', () => {
    const flicker = history([sample(0, 10, 'stock 5'), sample(100, 10, 'stock 4', { badge: 'pending' }), sample(200, 10, 'stock 5'), sample(300, 11, 'stock 4')]);
    expect(kinds(flicker)).toEqual(['flicker']);
    const realChanges = history([sample(0, 10, '$10'), sample(100, 11, '$11'), sample(200, 12, '$10'), sample(300, 13, '$11')]);
    expect(kinds(realChanges)).toEqual([]);
  });

  it('finds a write lost on reload, and accepts one that shows up after it', () => {
    const cut = command({ answeredAt: undefined, ok: undefined, position: undefined });
    expect(kinds(history([sample(0, 10, 'stock 5')], [cut], { reloads: [{ session: 'tab-1', at: 150 }] }))).toEqual(['lost-write-on-reload']);
    const resumed = command({ answeredAt: 900 });
    const shown = history([sample(0, 10, 'stock 5'), sample(1000, 11, 'stock 4')], [resumed], { reloads: [{ session: 'tab-1', at: 150 }] });
    expect(kinds(shown)).toEqual([]);
    expect(checkHistory(shown).chances['lost-write-on-reload']).toBe(1);
  });

  it('finds a silent rollback, and accepts one with a message', () => {
    const samples = [sample(0, 10, 'stock 5'), sample(110, 10, 'stock 4', { badge: 'pending' }), sample(210, 10, 'stock 5')];
    expect(kinds(history(samples, [command({ ok: false, position: undefined, error: 'lab failure' })]))).toEqual(['silent-rollback']);
    expect(kinds(history(samples, [command({ ok: false, position: undefined, explained: true })]))).toEqual([]);
    // No guess shown, nothing to roll back: no chance.
    expect(checkHistory(history([sample(0, 10, 'stock 5')], [command({ ok: false })])).chances['silent-rollback']).toBe(0);
  });

  it('finds a stale decision: success on a value the user did not see', () => {
    expect(kinds(history([], [command({ saw: '$10.00', actedOn: '$12.00' })]))).toEqual(['stale-decision']);
    expect(kinds(history([], [command({ ok: false, saw: '$10.00', actedOn: '$12.00' })]))).toEqual([]);
  });

  it('finds an endless wait, also one still waiting when the history ends', () => {
    expect(kinds(history([sample(0, 10, 'a', { badge: 'waiting' }), sample(16_000, 10, 'a', { badge: 'stale' })]))).toEqual(['endless-wait']);
    expect(kinds(history([sample(0, 10, 'a', { badge: 'waiting' })], [], { endedAt: 20_000 }))).toEqual(['endless-wait']);
    expect(kinds(history([sample(0, 10, 'a', { badge: 'waiting' }), sample(3000, 10, 'a')]))).toEqual([]);
  });

  it('finds one item listed twice', () => {
    expect(kinds(history([sample(0, 10, '2 orders', { view: 'orders', items: ['o1', 'o1'] })]))).toEqual(['duplicate']);
    expect(kinds(history([sample(0, 10, '2 orders', { view: 'orders', items: ['o1', 'o2'] })]))).toEqual([]);
  });

  it('says what happened, how often and when, in one line', () => {
    const { anomalies } = checkHistory(history([sample(Date.UTC(2026, 0, 1, 14, 2, 3, 120), 12, 'a'), sample(Date.UTC(2026, 0, 1, 14, 2, 4), 11, 'b')]));
    expect(describeAnomalies(anomalies, 'time-went-backwards')).toMatch(/^time went backwards once, first at \d\d:02:04\.000: /);
    expect(describeAnomalies(anomalies, 'flicker')).toBe('');
  });
});
