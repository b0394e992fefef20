// How a rebuild writes its private namespace (rebuild.ts): nobody reads it
// before the switch and only the holder of the rebuild lock writes it, so
// nothing needs checking on the way in and the writes need not be atomic (an
// interrupted rebuild is deleted, never resumed; decision 004). What is left
// is throughput:
// - each batch's writes are folded per key (batch-writer.ts) and sent as one
//   plain pipeline;
// - that pipeline is not awaited before the next batch is computed: Redis
//   works through batch N while we fold batch N+1 (at most one in flight);
// - the documents it wrote are kept, parsed, in a bounded map, so the next
//   batch reads them from memory. Anything else (evicted, or never written)
//   is read with MGET on the same connection, which Redis answers after the
//   writes sent before it: it sees every earlier batch.
import type { Redis } from 'ioredis';
import type { StoredEvent } from '@/server/events/types';
import { checkpointWrites } from './apply-batch';
import { BatchWriter, loadDocuments } from './batch-writer';
import type { ReadModelKeys } from './keys';
import { applyEvent, readsOf } from './read-models';

/** Documents kept between batches. Books are few and hot; an order is rarely read again (a cancellation). */
const KEPT_DOCUMENTS = 5_000;

export class RebuildProjection {
  /**
   * Documents as the last batches left them, in two generations: once `recent`
   * holds KEPT_DOCUMENTS / 2, it becomes `older` and the oldest generation is
   * dropped. Bounded, and cheaper per write than an LRU's bookkeeping.
   */
  private recent = new Map<string, unknown>();
  private older = new Map<string, unknown>();
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly redis: Redis,
    readonly keys: ReadModelKeys,
  ) {}

  /** Folds `batch` into one pipeline and sends it once the previous one is answered; does not wait for its own answer. */
  async apply(batch: readonly StoredEvent[]): Promise<void> {
    const last = batch.at(-1);
    if (!last) throw new Error('RebuildProjection.apply needs at least one event');
    const writer = new BatchWriter({ trackChanges: false });
    const needed: string[] = [];
    for (const event of batch) {
      for (const key of readsOf(event, this.keys)) {
        const value = this.recent.get(key) ?? this.older.get(key);
        if (value !== undefined) writer.load(key, value);
        else needed.push(key);
      }
    }
    await loadDocuments(this.redis, writer, needed);
    for (const event of batch) applyEvent(event, writer, this.keys);
    for (const [key, value] of writer.writtenDocuments()) this.keep(key, value);
    const { commands } = writer.writes();
    commands.push(...checkpointWrites(this.keys, last));
    await this.inFlight;
    const pipeline = this.redis.pipeline();
    for (const [name, ...args] of commands) pipeline.call(name, ...args);
    const sent = pipeline.exec().then((results) => {
      const failed = results?.find(([error]) => error);
      if (failed?.[0]) throw failed[0];
    });
    sent.catch(() => undefined); // seen by the next apply() or flush()
    this.inFlight = sent;
  }

  /** Resolves once every batch sent so far is in Redis; throws the first write that failed. */
  async flush(): Promise<void> {
    await this.inFlight;
  }

  private keep(key: string, value: unknown): void {
    this.recent.set(key, value);
    if (this.recent.size >= KEPT_DOCUMENTS / 2) {
      this.older = this.recent;
      this.recent = new Map();
    }
  }
}
