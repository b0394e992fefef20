import { describe, expect, it } from 'vitest';
import { delayFor } from './projector';

describe("an event's lab delay under jitter", () => {
  const lag = { delayMs: 1000, paused: false, jitterMs: 400 };
  const delays = Array.from({ length: 2000 }, (_, i) => delayFor(i + 1, lag));

  it('stays within the delay plus or minus the jitter, and is the same every time it is asked', () => {
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(600);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1400);
    expect(delayFor(1234, lag)).toBe(delayFor(1234, lag));
  });

  it('spreads uniformly: each quarter of the range holds about a quarter of the events', () => {
    const quarters = [0, 0, 0, 0];
    for (const d of delays) quarters[Math.min(3, Math.floor((d - 600) / 200))]!++;
    for (const q of quarters) expect(q).toBeGreaterThan(400);
  });

  it('never goes below zero, and without jitter is the delay itself', () => {
    expect(Math.min(...Array.from({ length: 500 }, (_, i) => delayFor(i, { delayMs: 100, paused: false, jitterMs: 1000 })))).toBe(0);
    expect(delayFor(7, { delayMs: 250, paused: false })).toBe(250);
  });
});
