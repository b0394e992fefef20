// The one command the bench drives: a one-line order for a random book, over
// HTTP as the browser sends it.
import type { HttpClient } from './http';

export interface Placed {
  ok: boolean;
  position: number;
  ms: number;
  status: number;
  /** The API's error code when refused. */
  error?: string;
}

export async function placeOrder(client: HttpClient, bookId: string): Promise<Placed> {
  const res = await client.post<{ position?: number; orderId?: string; error?: { code?: string } }>('/api/orders', { lines: [{ bookId, quantity: 1 }] });
  const ok = res.status === 201;
  return { ok, position: res.body.position ?? 0, ms: res.ms, status: res.status, ...(ok ? {} : { error: `HTTP ${res.status} ${res.body.error?.code ?? ''}` }) };
}

/** For load loops: a refused order is an error with its reason. */
export async function placeOrderOrThrow(client: HttpClient, bookId: string): Promise<Placed> {
  const placed = await placeOrder(client, bookId);
  if (!placed.ok) throw new Error(placed.error);
  return placed;
}
