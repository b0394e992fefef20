import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, nextDelay } from './supervise';

describe('restart backoff', () => {
  it('starts short, doubles while the child keeps dying quickly, caps, and resets after a healthy run', () => {
    let d = nextDelay(null, 10);
    const seen = [d];
    for (let i = 0; i < 7; i++) seen.push((d = nextDelay(d, 10)));
    expect(seen).toEqual([250, 500, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect(nextDelay(8000, DEFAULT_BACKOFF.healthyAfterMs)).toBe(250);
  });
});
