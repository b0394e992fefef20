import { describe, expect, it } from 'vitest';
import { keysForTag } from './read-models';

describe('tag -> query keys', () => {
  it('maps each change tag to the keys of the read models it touches', () => {
    expect(keysForTag('catalog')).toEqual([['books']]);
    expect(keysForTag('book:b1')).toEqual([['book', 'b1']]);
    expect(keysForTag('bestsellers')).toEqual([['bestsellers']]);
    expect(keysForTag('orders:c1')).toEqual([['orders']]);
    expect(keysForTag('orders:c1:o9')).toEqual([['orders']]);
  });

  it('ignores tags that are not ours', () => {
    expect(keysForTag('order:x')).toEqual([]);
    expect(keysForTag('book:')).toEqual([]);
    expect(keysForTag('')).toEqual([]);
  });
});
