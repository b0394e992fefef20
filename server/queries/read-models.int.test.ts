// The read models answer what the pages need: the catalog by title with
// paging and search, a book, my orders newest first, bestsellers, the lag.
import { beforeAll, describe, expect, it } from 'vitest';
import type { BestsellersResponse, BookView, OrderView, Page, ProjectionStatus } from '@/server/contracts/api';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook } from '@/server/testing/fixtures';

let client: ApiClient;
beforeAll(async () => {
  client = new ApiClient();
  const { body } = await client.get<ProjectionStatus>('/api/projection');
  await client.waitForProjection(body.headPosition);
});

describe('catalog', () => {
  async function everyPage(consistency: 'eventual' | 'primary'): Promise<BookView[]> {
    const seen: BookView[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<BookView> = (await client.get<Page<BookView>>(`/api/books?limit=100&consistency=${consistency}${cursor ? `&cursor=${cursor}` : ''}`)).body;
      seen.push(...page.items);
      cursor = page.nextCursor;
      expect(page.projection.source).toBe(consistency === 'primary' ? 'primary' : 'read-model');
    } while (cursor);
    return seen;
  }

  it('pages through every book in title order without repeats, the same books, field for field, as Postgres does', async () => {
    const seen = await everyPage('eventual');
    // Whole documents: the read model's are sent as Redis holds them (server/queries/json-text.ts), so nothing else may be in them.
    expect(seen).toEqual(await everyPage('primary'));
    expect(seen.length).toBeGreaterThanOrEqual(500);
    expect(new Set(seen.map((b) => b.id)).size).toBe(seen.length);
    const titles = seen.map((b) => b.title.toLowerCase());
    expect(titles).toEqual([...titles].sort());
  });

  it('finds books by a word prefix of title or author, with every word required', async () => {
    const byAuthor = (await client.get<Page<BookView>>('/api/books?q=tolk&limit=100')).body.items;
    expect(byAuthor.length).toBeGreaterThan(0);
    expect(byAuthor.every((b) => /tolk/i.test(b.author) || /tolk/i.test(b.title))).toBe(true);
    const both = (await client.get<Page<BookView>>('/api/books?q=winter%20harbor&limit=100')).body.items;
    expect(both.length).toBeGreaterThan(0);
    expect(both.every((b) => /winter/i.test(`${b.title} ${b.author}`) && /harbor/i.test(`${b.title} ${b.author}`))).toBe(true);
    expect((await client.get<Page<BookView>>('/api/books?q=zzzzqqq')).body).toMatchObject({ items: [], nextCursor: null });
  });
});

describe('orders and bestsellers', () => {
  it("lists the customer's orders newest first, paged, and updates bestsellers", async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const bob = await ApiClient.signedIn('bob@example.com');
    const { bookId } = await addTestBook(admin, 500);
    let last = 0;
    const placed: string[] = [];
    for (const quantity of [100, 90, 80]) {
      const res = await bob.post<{ orderId: string; position: number }>('/api/orders', { lines: [{ bookId, quantity: quantity / 10 }, { bookId, quantity: quantity - quantity / 10 }] });
      placed.push(res.body.orderId);
      last = res.body.position;
    }
    await bob.waitForProjection(last);
    const first = (await bob.get<Page<OrderView>>('/api/orders?limit=2')).body;
    expect(first.items.map((o) => o.id)).toEqual([placed[2], placed[1]]);
    const second = (await bob.get<Page<OrderView>>(`/api/orders?limit=2&cursor=${first.nextCursor}`)).body;
    expect(second.items[0]?.id).toBe(placed[0]);
    expect(first.items[0]).toMatchObject({ status: 'placed', totalCents: 80 * 1500, lines: [{ bookId, quantity: 80, priceCents: 1500 }] });

    const best = (await bob.get<BestsellersResponse>('/api/books/bestsellers')).body;
    // Other test files sell books too: find ours, and check the ranking is by units sold.
    expect(best.items.find((b) => b.id === bookId)).toMatchObject({ unitsSold: 270 });
    const units = best.items.map((b) => b.unitsSold);
    expect(units).toEqual([...units].sort((a, b) => b - a));
    expect(best.items.length).toBeLessThanOrEqual(10);
  });

  it('reports lag: position, head and pending events', async () => {
    const status = (await client.get<ProjectionStatus>('/api/projection')).body;
    expect(status).toMatchObject({ lagEvents: 0, lagMs: 0, paused: false, delayMs: 0 });
    expect(status.position).toBe(status.headPosition);
  });
});
