// PLACEHOLDER until the server-lab branch lands its typed tags (same API).
export type ChangeTag =
  | { kind: 'catalog' }
  | { kind: 'book'; bookId: string }
  | { kind: 'bestsellers' }
  | { kind: 'orders'; customerId: string }
  | { kind: 'order'; customerId: string; orderId: string };

export function parseTag(raw: string): ChangeTag | null {
  const [kind, a, b, ...rest] = raw.split(':');
  if (rest.length) return null;
  if (kind === 'catalog' && a === undefined) return { kind };
  if (kind === 'bestsellers' && a === undefined) return { kind };
  if (kind === 'book' && a && b === undefined) return { kind, bookId: a };
  if (kind === 'orders' && a && b === undefined) return { kind, customerId: a };
  if (kind === 'orders' && a && b) return { kind: 'order', customerId: a, orderId: b };
  return null;
}
