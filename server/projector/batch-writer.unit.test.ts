import { describe, expect, it } from 'vitest';
import { BatchWriter } from './batch-writer';

describe('BatchWriter folds a batch per key', () => {
  it('sends a document once, as the batch leaves it, and reads its own writes', () => {
    const w = new BatchWriter();
    w.load('rm:book:1', { stock: 5 });
    w.setJson('rm:book:1', { stock: 4 });
    expect(w.getJson('rm:book:1')).toEqual({ stock: 4 });
    w.setJson('rm:book:1', { stock: 3 });
    const { commands, written } = w.writes();
    expect(commands).toEqual([['set', 'rm:book:1', '{"stock":3}']]);
    expect(written).toEqual(new Map([['rm:book:1', '{"stock":3}']]));
  });

  it('adds to a sorted set in one ZADD, in order, and sums increments per member (a net zero included)', () => {
    const w = new BatchWriter();
    w.zadd('rm:orders:c', 1, 'a');
    w.zadd('rm:orders:c', 2, 'b');
    w.zadd('rm:orders:c', 3, 'a');
    w.zincrby('rm:bestsellers', 2, 'x');
    w.zincrby('rm:bestsellers', 1, 'y');
    w.zincrby('rm:bestsellers', -2, 'x');
    expect(w.writes().commands).toEqual([
      ['zadd', 'rm:orders:c', '1', 'a', '2', 'b', '3', 'a'],
      ['zincrby', 'rm:bestsellers', '0', 'x'],
      ['zincrby', 'rm:bestsellers', '1', 'y'],
    ]);
  });

  it('refuses to read a document its read model did not declare', () => {
    expect(() => new BatchWriter().getJson('rm:order:1')).toThrow(/declared/);
  });

  it('formats change tags unless told not to', () => {
    const tracked = new BatchWriter();
    tracked.markChanged({ kind: 'catalog' }, { kind: 'book', bookId: 'b' });
    expect([...tracked.changed]).toEqual(['catalog', 'book:b']);
    const untracked = new BatchWriter({ trackChanges: false });
    untracked.markChanged({ kind: 'catalog' });
    expect(untracked.changed.size).toBe(0);
  });
});
