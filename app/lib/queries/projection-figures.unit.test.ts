import { describe, expect, it } from 'vitest';
import { stripFigures } from './projection-figures';

const status = { position: 520, headPosition: 524, lagEvents: 3, readModel: 'ready' as const };
const seen = (readModelAt: number, committedAt = 0) => ({ readModelAt, committedAt });

describe("the header strip's figures", () => {
  it('are the polled status while the page knows nothing newer', () => {
    expect(stripFigures(status, seen(0))).toEqual({ position: 520, headPosition: 524, lagEvents: 3, behind: true });
    expect(stripFigures(status, seen(520, 524))).toEqual({ position: 520, headPosition: 524, lagEvents: 3, behind: true });
  });

  it('name the newer read model a push showed, and leave the pending count out until the next poll', () => {
    expect(stripFigures(status, seen(522))).toEqual({ position: 522, headPosition: 524, lagEvents: undefined, behind: true });
  });

  it('are caught up once the evidence reaches the polled head, which it cannot be behind', () => {
    expect(stripFigures(status, seen(524))).toEqual({ position: 524, headPosition: 524, lagEvents: 0, behind: false });
    expect(stripFigures(status, seen(530))).toEqual({ position: 530, headPosition: 530, lagEvents: 0, behind: false });
  });

  it("name the log at least at this browser's own commit, behind by an unknown count until the read model has it", () => {
    const polled = { position: 520, headPosition: 520, lagEvents: 0, readModel: 'ready' as const };
    expect(stripFigures(polled, seen(520, 522))).toEqual({ position: 520, headPosition: 522, lagEvents: undefined, behind: true });
    expect(stripFigures(polled, seen(522, 522))).toEqual({ position: 522, headPosition: 522, lagEvents: 0, behind: false });
  });

  it('ignore the read-model evidence while the read models are rebuilding or unreachable, not the commits', () => {
    expect(stripFigures({ ...status, readModel: 'rebuilding' }, seen(530))).toEqual({ position: 520, headPosition: 524, lagEvents: 3, behind: true });
    expect(stripFigures({ ...status, readModel: 'unavailable' }, seen(530, 531))).toEqual({ position: 520, headPosition: 531, lagEvents: undefined, behind: true });
  });
});
