import { describe, expect, it } from 'vitest';
import { formatTag, parseTag, type ChangeTag } from './tags';

const id = '0b7c5a2e-8a4d-4c1e-9d0f-3f1f2a6b7c8d';
const other = '5e2d9c1a-1b3c-4d5e-8f9a-0b1c2d3e4f5a';

describe('change tags', () => {
  it.each<[ChangeTag, string]>([
    [{ kind: 'catalog' }, 'catalog'],
    [{ kind: 'bestsellers' }, 'bestsellers'],
    [{ kind: 'book', bookId: id }, `book:${id}`],
    [{ kind: 'orders', customerId: id }, `orders:${id}`],
    [{ kind: 'order', customerId: id, orderId: other }, `orders:${id}:${other}`],
  ])('%j is %s on the wire, and back', (tag, wire) => {
    expect(formatTag(tag)).toBe(wire);
    expect(parseTag(wire)).toEqual(tag);
  });

  it.each(['', 'x', 'book:', 'book', 'book::', `book:${id}:x`, 'orders', 'orders:', 'orders::', `orders:${id}:`, `orders::${id}`, `orders:${id}:${other}:x`, 'catalog:', 'catalog:x', 'bestsellers:1', ':catalog', 'Catalog'])(
    'rejects %j',
    (junk) => {
      expect(parseTag(junk)).toBeNull();
    },
  );

  it('refuses to format an id that would not parse back', () => {
    expect(() => formatTag({ kind: 'book', bookId: '' })).toThrow(/bookId/);
    expect(() => formatTag({ kind: 'order', customerId: 'a:b', orderId: 'o' })).toThrow(/customerId/);
  });
});
