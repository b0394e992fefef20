// What changed in the read models, as the projector announces it and browsers
// receive it: `catalog`, `book:<id>`, `bestsellers`, `orders:<customerId>`,
// `orders:<customerId>:<orderId>`. The wire format is written here once; the
// projector formats with formatTag, the realtime server routes with parseTag,
// and the browser may import this module too (it imports nothing).

export type ChangeTag =
  | { kind: 'catalog' }
  | { kind: 'book'; bookId: string }
  | { kind: 'bestsellers' }
  | { kind: 'orders'; customerId: string }
  | { kind: 'order'; customerId: string; orderId: string };

/** A formatted tag. Order tags start with the owner, so the realtime server can send them to that customer only. */
export type Tag = 'catalog' | 'bestsellers' | `book:${string}` | `orders:${string}` | `orders:${string}:${string}`;

/** An id inside a tag: not empty, and no `:` (it would shift the fields after it). */
function segment(id: string, what: string): string {
  if (id.length === 0 || id.includes(':')) throw new Error(`a change tag's ${what} must be non-empty without ':' (got ${JSON.stringify(id)})`);
  return id;
}

export function formatTag(tag: ChangeTag): Tag {
  switch (tag.kind) {
    case 'catalog':
      return 'catalog';
    case 'bestsellers':
      return 'bestsellers';
    case 'book':
      return `book:${segment(tag.bookId, 'bookId')}`;
    case 'orders':
      return `orders:${segment(tag.customerId, 'customerId')}`;
    case 'order':
      return `orders:${segment(tag.customerId, 'customerId')}:${segment(tag.orderId, 'orderId')}`;
  }
}

/** The tag a formatted string names, or null for anything formatTag would not have produced. */
export function parseTag(raw: string): ChangeTag | null {
  const [kind, ...ids] = raw.split(':');
  if (ids.some((id) => id.length === 0)) return null;
  switch (kind) {
    case 'catalog':
      return ids.length === 0 ? { kind: 'catalog' } : null;
    case 'bestsellers':
      return ids.length === 0 ? { kind: 'bestsellers' } : null;
    case 'book':
      return ids.length === 1 ? { kind: 'book', bookId: ids[0]! } : null;
    case 'orders':
      if (ids.length === 1) return { kind: 'orders', customerId: ids[0]! };
      if (ids.length === 2) return { kind: 'order', customerId: ids[0]!, orderId: ids[1]! };
      return null;
    default:
      return null;
  }
}
