import { describe, expect, it } from 'vitest';
import type { AnomalyKind } from './anomalies';
import { buildMatrix, cellText, matrixMarkdown } from './anomaly-matrix';

const none = { 'stale-read-after-own-write': 0, 'time-went-backwards': 0, flicker: 0, 'lost-write-on-reload': 0, 'silent-rollback': 0, 'stale-decision': 0, 'endless-wait': 0, duplicate: 0 } satisfies Record<AnomalyKind, number>;

describe('the anomaly matrix', () => {
  const matrix = buildMatrix(
    [
      { scenario: 'lag', faults: 'delay', commands: 3, panes: [{ strategy: 'None', chances: { ...none, 'stale-read-after-own-write': 3 }, anomalies: [{ kind: 'stale-read-after-own-write', session: 'None', at: 1, detail: 'showed 10 after 11' }] }, { strategy: 'Wait', chances: { ...none, 'stale-read-after-own-write': 3 }, anomalies: [] }] },
      { scenario: 'drops', faults: 'dropPushes', commands: 2, panes: [{ strategy: 'None', chances: { ...none, 'stale-read-after-own-write': 2 }, anomalies: [{ kind: 'stale-read-after-own-write', session: 'None', at: 2, detail: 'again' }] }] },
    ],
    'abc1234',
    '2026-12-01T00:00:00.000Z',
  );

  it('adds up every scenario per cell: seen (N), prevented, or n/a when nothing could show it', () => {
    expect(cellText(matrix.cells['None']!['stale-read-after-own-write'])).toBe('seen (2)');
    expect(cellText(matrix.cells['Wait']!['stale-read-after-own-write'])).toBe('prevented');
    expect(cellText(matrix.cells['Wait']!.flicker)).toBe('n/a');
  });

  it('writes a table with the commit and the scenarios, and the first example of each anomaly seen', () => {
    const md = matrixMarkdown(matrix);
    expect(md).toContain('commit `abc1234`');
    expect(md).toContain('| None | seen (2) | n/a |');
    expect(md).toContain('| lag | delay | 3 |');
    expect(md).toContain('- **None**, stale read after own write (2 of 5 chances): lag: showed 10 after 11');
  });
});
