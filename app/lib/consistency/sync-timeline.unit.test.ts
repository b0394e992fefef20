import { describe, expect, it } from 'vitest';
import { committed, EMPTY_TIMELINE, failed, reached, submitted } from './sync-timeline';

const start = (id: string, at = 0) => submitted(EMPTY_TIMELINE, { id, label: id, submittedAt: at });

describe('sync timeline', () => {
  it('raises the token to the highest committed position, never lowers it', () => {
    let s = submitted(start('a'), { id: 'b', label: 'b', submittedAt: 1 });
    s = committed(s, 'b', 40, 10);
    s = committed(s, 'a', 30, 12);
    expect(s.token).toBe(40);
    expect(s.tokenAt).toBe(10);
  });

  it('stamps a milestone once, on commands at or below the position only', () => {
    let s = submitted(committed(start('a'), 'a', 10, 5), { id: 'b', label: 'b', submittedAt: 6 });
    s = committed(s, 'b', 20, 8);
    s = reached(s, 'projectedAt', 15, 100);
    s = reached(s, 'projectedAt', 25, 200);
    const byId = Object.fromEntries(s.commands.map((c) => [c.id, c.projectedAt]));
    expect(byId).toEqual({ a: 100, b: 200 });
  });

  it('never stamps a command that has no position (failed or in flight)', () => {
    const s = reached(failed(start('a'), 'a', 'nope', 3), 'shownAt', 1000, 9);
    expect(s.commands[0]).toMatchObject({ failedAt: 3, error: 'nope' });
    expect(s.commands[0]!.shownAt).toBeUndefined();
  });
});
