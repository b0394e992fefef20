import { describe, expect, it } from 'vitest';
import { stripFigures } from './projection-figures';

const status = { position: 520, headPosition: 524, lagEvents: 3, readModel: 'ready' as const };

describe("the header strip's figures", () => {
  it('are the polled status while the page knows nothing newer', () => {
    expect(stripFigures(status, 0)).toEqual({ position: 520, headPosition: 524, lagEvents: 3 });
    expect(stripFigures(status, 520)).toEqual({ position: 520, headPosition: 524, lagEvents: 3 });
  });

  it('name the newer read model a push showed, and leave the pending count out until the next poll', () => {
    expect(stripFigures(status, 522)).toEqual({ position: 522, headPosition: 524, lagEvents: undefined });
  });

  it('are caught up once the evidence reaches the polled head, which it cannot be behind', () => {
    expect(stripFigures(status, 524)).toEqual({ position: 524, headPosition: 524, lagEvents: 0 });
    expect(stripFigures(status, 530)).toEqual({ position: 530, headPosition: 530, lagEvents: 0 });
  });

  it('ignore the evidence while the read models are rebuilding or unreachable', () => {
    expect(stripFigures({ ...status, readModel: 'rebuilding' }, 530)).toEqual({ position: 520, headPosition: 524, lagEvents: 3 });
    expect(stripFigures({ ...status, readModel: 'unavailable' }, 530)).toEqual({ position: 520, headPosition: 524, lagEvents: 3 });
  });
});
