// What a read model's `apply` may do during a batch: read the current value of
// a document (seeing the batch's own earlier writes), queue writes, and name
// what changed. The queued writes reach Redis together with the new
// checkpoint, all or nothing (apply-batch.ts), or, for a rebuild's private
// namespace, as one pipeline (rebuild-projection.ts).
//
// Writes are folded per key: a document set ten times in a batch is
// serialized and sent once, as the batch leaves it; sorted-set adds to one key
// go out as one ZADD (in order, so the last score of a member wins, as it
// would one by one); increments of one member are summed into one ZINCRBY.
// The result after the batch is the same as applying its events one by one.
import type { Redis } from 'ioredis';
import { formatTag, type ChangeTag, type Tag } from '@/server/contracts/tags';

/** A Redis command as its name and arguments, ready for `redis.call` (a script) or `pipeline.call`. */
export type RedisCommand = [name: string, ...args: string[]];

export interface BatchWrites {
  commands: RedisCommand[];
  /** Documents as this batch leaves them (raw JSON), for the projector's cache. */
  written: Map<string, string>;
}

export class BatchWriter {
  /** Documents this batch may read: loaded before it ran, or as it last set them. null: no such key. */
  private readonly docs = new Map<string, unknown>();
  private readonly dirty = new Set<string>();
  private readonly sortedAdds = new Map<string, string[]>();
  private readonly increments = new Map<string, Map<string, number>>();
  /** What changed, formatted for the announcement (server/contracts/tags.ts). */
  readonly changed = new Set<Tag>();

  /** `trackChanges: false` (a rebuild, which announces nothing) skips formatting the tags. */
  constructor(private readonly options: { trackChanges?: boolean } = {}) {}

  /** Whether a document is known to this batch (loaded or written). */
  has(key: string): boolean {
    return this.docs.has(key);
  }

  /** A document as it stands before the batch (null: no such key), already parsed. */
  load(key: string, value: unknown): void {
    if (!this.docs.has(key)) this.docs.set(key, value);
  }

  /** Documents the caller already has, raw as Redis returned them (null: no such key). */
  preload(raw: ReadonlyMap<string, string | null>): void {
    for (const [key, value] of raw) this.load(key, value === null ? null : JSON.parse(value));
  }

  /**
   * The current value of a document. Only documents named by the read model's
   * `reads` are loaded before the batch runs (in one MGET): reading any other
   * is a bug in that read model, not a reason for a round trip per event.
   */
  getJson<T>(key: string): T | null {
    if (!this.docs.has(key)) throw new Error(`${key} was read without being declared in its read model's reads()`);
    return this.docs.get(key) as T | null;
  }

  setJson(key: string, value: unknown): void {
    this.docs.set(key, value);
    this.dirty.add(key);
  }

  zadd(key: string, score: number, member: string): void {
    const adds = this.sortedAdds.get(key);
    if (adds) adds.push(String(score), member);
    else this.sortedAdds.set(key, [String(score), member]);
  }

  zincrby(key: string, increment: number, member: string): void {
    let members = this.increments.get(key);
    if (!members) this.increments.set(key, (members = new Map()));
    members.set(member, (members.get(member) ?? 0) + increment);
  }

  markChanged(...tags: ChangeTag[]): void {
    if (this.options.trackChanges === false) return;
    for (const tag of tags) this.changed.add(formatTag(tag));
  }

  /** The documents this batch set, as it leaves them (parsed). */
  *writtenDocuments(): Generator<[key: string, value: unknown]> {
    for (const key of this.dirty) yield [key, this.docs.get(key)];
  }

  /** The batch's writes, each key once. */
  writes(): BatchWrites {
    const commands: RedisCommand[] = [];
    const written = new Map<string, string>();
    for (const key of this.dirty) {
      const raw = JSON.stringify(this.docs.get(key));
      written.set(key, raw);
      commands.push(['set', key, raw]);
    }
    for (const [key, adds] of this.sortedAdds) commands.push(['zadd', key, ...adds]);
    // A net zero is still sent: one by one, the member would exist with that score too.
    for (const [key, members] of this.increments) for (const [member, sum] of members) commands.push(['zincrby', key, String(sum), member]);
    return { commands, written };
  }
}

/** Loads the documents a batch will read that `writer` does not have yet, in one MGET. */
export async function loadDocuments(redis: Redis, writer: BatchWriter, keys: Iterable<string>): Promise<void> {
  const missing = [...new Set(keys)].filter((k) => !writer.has(k));
  if (missing.length === 0) return;
  const raw = await redis.mget(missing);
  writer.preload(new Map(missing.map((key, i) => [key, raw[i] ?? null])));
}
