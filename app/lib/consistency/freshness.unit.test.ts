// One test per row of the badge table in freshness.ts.
import { describe, expect, it } from 'vitest';
import { describeFreshness } from './freshness';

const rm = (position: number) => ({ position, source: 'read-model' as const });
const waiting = { kind: 'pending' as const, rank: 50, text: 'Waiting for the read model to reach position 9 (now at 7), held by the server for 300 ms' };

describe('the freshness badge', () => {
  it.each([
    ['loading', {}, 'loading', 'loading'],
    ['not-yet', { notYet: { at: 7, known: 9 } }, 'not-yet', 'not in the read model yet (at 7, need 9)'],
    ['waiting with nothing shown yet', { note: waiting }, 'strategy', waiting.text],
    ['pending over data', { projection: rm(7), pending: true, note: waiting }, 'pending', 'pending: your change over position 7'],
    ['a strategy note over data', { projection: rm(7), note: waiting }, 'strategy', waiting.text],
    ['stale', { projection: { ...rm(7), stale: true } }, 'stale', 'stale (timed out) at position 7'],
    ['primary', { projection: { position: 9, source: 'primary' as const } }, 'primary', 'served from primary at position 9'],
    ['primary while rebuilding', { projection: { position: 9, source: 'primary' as const, readModel: 'rebuilding' as const } }, 'primary', 'served from primary at position 9 (read models rebuilding)'],
    ['fresh', { projection: rm(9) }, 'fresh', 'position 9'],
  ])('%s', (_name, input, state, text) => {
    expect(describeFreshness({ pending: false, ...input })).toMatchObject({ state, text });
  });
});
