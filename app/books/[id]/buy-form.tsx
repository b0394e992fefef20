'use client';

import Link from 'next/link';
import { useState } from 'react';
import { usePlaceOrder } from '@/app/lib/mutations/commands';
import type { BookView } from '@/server/contracts/api';
import { MAX_ORDER_QUANTITY } from '@/server/commands/limits';

export function BuyForm({ book }: { book: BookView }) {
  const [quantity, setQuantity] = useState('1');
  const order = usePlaceOrder();
  const n = Number(quantity);
  const valid = Number.isInteger(n) && n >= 1 && n <= Math.min(book.stock, MAX_ORDER_QUANTITY);
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) order.mutate({ book, quantity: n });
      }}
    >
      <label>
        Quantity
        <input type="number" min={1} max={Math.max(1, Math.min(book.stock, MAX_ORDER_QUANTITY))} value={quantity} onChange={(e) => setQuantity(e.target.value)} style={{ width: '6rem' }} />
      </label>
      <button type="submit" disabled={book.stock === 0 || order.isPending}>
        {order.isPending ? 'Placing order…' : 'Buy now'}
      </button>
      {book.stock === 0 && <span className="notice warn">Out of stock</span>}
      {order.isSuccess && (
        <span className="notice good" role="status">
          Order placed (committed at position {order.data.position}). <Link href="/orders">See My orders</Link>
        </span>
      )}
      {order.error && (
        <span className="notice bad" role="alert">
          {order.error.message}
        </span>
      )}
    </form>
  );
}
