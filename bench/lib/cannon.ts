// Closed-loop HTTP GETs through autocannon, for the read scenario, whose
// servers answer in a fraction of a millisecond: there the generator's own
// cost per request decides how much of the two shared cores is left to the
// servers. autocannon keeps `concurrency` connections each with one request in
// flight, as closedLoop does, at a fraction of node:http's client cost.
import autocannon from 'autocannon';
import type { ClosedLoopResult } from './load';

interface CannonOptions {
  /** The web instances; the connections are spread over them. */
  urls: string[];
  concurrency: number;
  durationMs: number;
  warmupMs: number;
  /** The path of each request, drawn anew for every one. */
  path: () => string;
}

function run(url: string, connections: number, ms: number, path: () => string, onResponse?: (status: number, ms: number) => void): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, connections, duration: ms / 1000, requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: path() }) }] },
      (error: unknown, result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result)),
    );
    if (onResponse) instance.on('response', (_client, status, _bytes, responseTime) => onResponse(status, responseTime));
  });
}

export async function cannonLoop(opts: CannonOptions): Promise<ClosedLoopResult> {
  const share = (i: number) => Math.floor(opts.concurrency / opts.urls.length) + (i < opts.concurrency % opts.urls.length ? 1 : 0);
  await Promise.all(opts.urls.map((url, i) => run(url, share(i), opts.warmupMs, opts.path)));
  const latencies: number[] = [];
  let errors = 0;
  const results = await Promise.all(
    opts.urls.map((url, i) =>
      run(url, share(i), opts.durationMs, opts.path, (status, ms) => {
        if (status === 200) latencies.push(ms);
        else errors++;
      }),
    ),
  );
  const transportErrors = results.reduce((n, r) => n + r.errors, 0);
  return {
    concurrency: opts.concurrency,
    completed: latencies.length,
    totalOps: results.reduce((n, r) => n + r.requests.sent, 0),
    errors: errors + transportErrors,
    ...(transportErrors > 0 ? { firstError: `${transportErrors} connection errors or timeouts` } : {}),
    elapsedMs: opts.durationMs,
    perSecond: latencies.length / (opts.durationMs / 1000),
    latenciesMs: latencies,
  };
}
