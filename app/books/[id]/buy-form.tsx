'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useScopeSettings } from '@/app/lib/consistency/scope-provider';
import { useHydrated } from '@/app/lib/consistency/use-consistent-query';
import { usePlaceOrder } from '@/app/lib/mutations/commands';
import type { ApiRequestError } from '@/app/lib/api-fetch';
import type { BookView } from '@/server/contracts/api';
import { MAX_ORDER_QUANTITY } from '@/server/contracts/limits';
import { dollars } from '@/app/lib/format';

/**
 * `book` is what the view shows, read at `readAt`. When the write side refused
 * an order for want of stock, it said what is left: until the view has read
 * anything newer, that is the most the form offers, so it never offers again
 * the order the server has just refused (the view's figure is stale).
 */
export function BuyForm({ book, readAt }: { book: BookView; readAt: number }) {
  const [quantity, setQuantity] = useState('1');
  const order = usePlaceOrder();
  // The page arrives rendered by the server: until the app runs, a click would submit a bare HTML form.
  const hydrated = useHydrated();
  // With optimistic updates a refusal is told once, by the rollback notice; without, here.
  const { optimisticUpdates: optimistic } = useScopeSettings();
  const [refusedAt, setRefusedAt] = useState<number>();
  const left = refusedAt === readAt && order.error?.code === 'insufficient_stock' ? order.error.currentStock?.find((s) => s.bookId === book.id)?.stock : undefined;
  const stock = left === undefined ? book.stock : Math.min(book.stock, left);
  const n = Number(quantity);
  const valid = Number.isInteger(n) && n >= 1 && n <= Math.min(stock, MAX_ORDER_QUANTITY);
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        if (!valid) return;
        setRefusedAt(readAt);
        order.mutate({ book, quantity: n });
      }}
    >
      <label>
        Quantity
        <input type="number" min={1} max={Math.max(1, Math.min(stock, MAX_ORDER_QUANTITY))} value={quantity} onChange={(e) => setQuantity(e.target.value)} style={{ width: '6rem' }} />
      </label>
      <button type="submit" disabled={!hydrated || stock === 0 || order.isPending || (left !== undefined && n > left)}>
        {order.isPending ? 'Placing order…' : 'Buy now'}
      </button>
      {stock === 0 && <span className="notice warn">Out of stock</span>}
      {left !== undefined && left < book.stock && (
        <span className="meta" data-testid="stock-from-write-side">
          This view, read at position {readAt}, still shows {book.stock} in stock; the write side has {left}. Until the view reads again, the form offers at most {left}.
        </span>
      )}
      {order.isSuccess && (
        <span className="notice good" role="status">
          Order placed at {dollars(order.variables.book.priceCents)} each (committed at position {order.data.position}). <Link href={`/orders?placed=${order.data.orderId}`}>See My orders</Link>
        </span>
      )}
      {order.error && (order.error.code === 'price_changed' || !optimistic) && (
        <OrderError error={order.error} onRetry={(priceCents) => order.mutate({ book: { ...book, priceCents }, quantity: n })} />
      )}
    </form>
  );
}

/** A refused order says why; a changed price is offered again at the price the server gave, never bought silently. */
function OrderError({ error, onRetry }: { error: ApiRequestError; onRetry: (priceCents: number) => void }) {
  const now = error.code === 'price_changed' ? error.currentPrices?.[0] : undefined;
  if (!now) {
    return (
      <span className="notice bad" role="alert">
        {error.message}
      </span>
    );
  }
  return (
    <span className="notice warn" role="alert">
      The price changed to {dollars(now.priceCents)} since you looked. Nothing was ordered.{' '}
      <button type="button" className="secondary" onClick={() => onRetry(now.priceCents)}>
        Buy at {dollars(now.priceCents)}
      </button>
    </span>
  );
}
