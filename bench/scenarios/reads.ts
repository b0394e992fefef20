// Scenario 3: reads. The catalog page and the book detail over HTTP from the
// read model (Redis), and the same responses computed from Postgres, through
// the same query API (served beside Next: decision 009) on the same instances.
//
// The Postgres side is `?consistency=primary` (always Postgres, in the same
// REPEATABLE READ snapshot read-your-writes falls back to); `projection.source`
// is checked so each side is known to be served from where we think. The
// in-process rows compare the two data layers alone, without HTTP and Next.js.
// Over HTTP the two sides run in alternating rounds and each row is the round
// with the median ratio (bench/lib/stats.ts, medianBy).
import { readFromPrimary } from '@/server/queries/primary/primary-read';
import { getBookFromPrimaryOrThrow, listBooksFromPrimary } from '@/server/queries/primary/books';
import { getBookOrThrow } from '@/server/queries/get-book';
import { listBooks } from '@/server/queries/list-books';
import { pick, type BenchContext } from '../lib/context';
import { HttpClient } from '../lib/http';
import { cannonLoop } from '../lib/cannon';
import { closedLoop, type ClosedLoopResult } from '../lib/load';
import { compared, type Row, type ScenarioResult } from '../lib/report';
import { medianBy, roundSummary, summarize } from '../lib/stats';

const ID = '3 reads';

interface Page {
  items: unknown[];
  nextCursor: string | null;
  projection: { source: string };
}

/** Every page's cursor of the catalog, so the load reads all pages, not one cached hot one. */
async function catalogCursors(client: HttpClient): Promise<(string | null)[]> {
  const cursors: (string | null)[] = [null];
  for (;;) {
    const res = await client.get<Page>(`/api/books${cursors.at(-1) ? `?cursor=${encodeURIComponent(cursors.at(-1)!)}` : ''}`);
    if (!res.body.nextCursor) return cursors;
    cursors.push(res.body.nextCursor);
  }
}

function catalogPath(cursor: string | null, consistency: string) {
  return `/api/books?consistency=${consistency}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
}

export async function reads(ctx: BenchContext): Promise<ScenarioResult> {
  const concurrency = ctx.quick ? 16 : 32;
  // Alternating rounds, the median round reported: one long run per side let the machine's drift between the two decide the ratio.
  const rounds = ctx.quick ? 1 : 3;
  const durationMs = ctx.quick ? 3000 : 4000;
  const warmupMs = ctx.quick ? 700 : 1000;
  const webs = ctx.stack.webUrls;

  // An anonymous reader, as the load is.
  const reader = new HttpClient(webs[0]!);
  const cursors = await catalogCursors(reader);

  // Check that each side is served from where we think it is.
  const rmSource = (await reader.get<Page>(catalogPath(null, 'eventual'))).body.projection.source;
  const pgSource = (await reader.get<Page>(catalogPath(null, 'primary'))).body.projection.source;
  if (rmSource !== 'read-model' || pgSource !== 'primary') throw new Error(`unexpected sources: read model side ${rmSource}, primary side ${pgSource}`);

  // autocannon, not closedLoop over node:http: the generator shares the two cores with the servers (bench/lib/cannon.ts).
  const run = (path: () => string) => cannonLoop({ urls: webs, concurrency, durationMs, warmupMs, path });

  const views: { name: string; path: (consistency: string) => string }[] = [
    { name: 'catalog page', path: (c) => catalogPath(pick(cursors), c) },
    { name: 'book detail', path: (c) => `/api/books/${pick(ctx.bookIds)}?consistency=${c}` },
  ];
  const rows: Row[] = [];
  const details: Record<string, unknown> = { concurrency, durationMs, rounds, webInstances: webs.length, catalogPages: cursors.length };
  for (const view of views) {
    const measured: HttpRound[] = [];
    for (let i = 0; i < rounds; i++) {
      // Which side goes first alternates too, so neither always meets the other's leftovers (GC, cache, a busy neighbour).
      const [first, second] = i % 2 === 0 ? (['eventual', 'primary'] as const) : (['primary', 'eventual'] as const);
      const a = await run(() => view.path(first));
      const b = await run(() => view.path(second));
      const [rm, pg] = first === 'eventual' ? [a, b] : [b, a];
      ctx.log(`  ${view.name}, round ${i + 1}: read model ${Math.round(rm.perSecond)}/s, primary ${Math.round(pg.perSecond)}/s`);
      measured.push({ rm, pg });
    }
    rows.push(...httpRows(view.name, measured));
    details[view.name] = measured.map(({ rm, pg }) => ({ readModel: brief(rm), primary: brief(pg) }));
  }

  // The data layers alone, in this process: Redis read model vs the primary query in its snapshot transaction.
  const inProcess = await dataLayers(ctx, concurrency, ctx.quick ? 2000 : 8000, warmupMs);
  rows.push(...inProcess.rows);
  details.inProcess = inProcess.details;
  return { id: ID, title: 'Reads: read model (Redis) vs the same responses from Postgres', rows, details };
}

interface HttpRound {
  rm: ClosedLoopResult;
  pg: ClosedLoopResult;
}

function brief(r: ClosedLoopResult) {
  return { perSecond: Math.round(r.perSecond), errors: r.errors, latencyMs: roundSummary(summarize(r.latenciesMs)) };
}

/** Each row from the round with the median ratio for that metric: value and baseline always come from the same round. */
function httpRows(name: string, rounds: HttpRound[]): Row[] {
  const p99 = (r: ClosedLoopResult) => summarize(r.latenciesMs).p99;
  const rate = medianBy(rounds, (r) => r.rm.perSecond / r.pg.perSecond);
  const tail = medianBy(rounds, (r) => p99(r.rm) / p99(r.pg));
  return [
    compared(ID, `${name} HTTP req/s`, '/s', rate.rm.perSecond, rate.pg.perSecond, { text: '>= 4x', ok: (r) => r >= 4 }),
    // Latency: ratio < 1 is the read model being faster; 4x faster at p99 is <= 0.25x.
    compared(ID, `${name} HTTP p99`, 'ms', p99(tail.rm), p99(tail.pg), { text: '<= 0.25x (4x faster)', ok: (r) => r <= 0.25 }),
  ];
}

async function dataLayers(ctx: BenchContext, concurrency: number, durationMs: number, warmupMs: number) {
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  // Each read opens the read models as a route does (namespace, checkpoint and the first read in one round trip).
  const cases = [
    {
      name: 'catalog page',
      rm: () => listBooks(ctx.redis, { limit: 24 }),
      pg: () => readFromPrimary(ctx.db, (tx) => listBooksFromPrimary(tx, { limit: 24 })),
    },
    {
      name: 'book detail',
      rm: () => getBookOrThrow(ctx.redis, pick(ctx.bookIds)),
      pg: () => readFromPrimary(ctx.db, (tx) => getBookFromPrimaryOrThrow(tx, pick(ctx.bookIds))),
    },
  ];
  for (const c of cases) {
    const loop = (fn: () => Promise<unknown>) => closedLoop({ concurrency: Math.min(concurrency, 8), durationMs, warmupMs, op: async () => (await fn(), true) });
    const rm = await loop(c.rm);
    const pg = await loop(c.pg);
    rows.push(compared(ID, `${c.name} in-process/s`, '/s', rm.perSecond, pg.perSecond, { text: '>= 4x', ok: (r) => r >= 4 }));
    details[c.name] = { readModel: brief(rm), primary: brief(pg) };
  }
  return { rows, details };
}
