// What a read model's `apply` may do during a batch: read the current value of
// a document (seeing the batch's own earlier writes), queue writes, and name
// what changed. The queued writes reach Redis together with the new
// checkpoint, all or nothing (apply-batch.ts).
import type { Redis } from 'ioredis';
import { formatTag, type ChangeTag, type Tag } from '@/server/contracts/tags';

/** A Redis command as its name and arguments, ready for `redis.call` (a script) or `pipeline.call`. */
export type RedisCommand = [name: string, ...args: string[]];

export class BatchWriter {
  private readonly json = new Map<string, unknown>();
  /** Documents as this batch leaves them (raw JSON), for the projector's cache. */
  readonly written = new Map<string, string>();
  readonly commands: RedisCommand[] = [];
  /** What changed, formatted for the announcement (server/contracts/tags.ts). */
  readonly changed = new Set<Tag>();

  constructor(private readonly redis: Redis) {}

  /** Loads the documents a batch will read in one round trip instead of one per event. */
  async prefetch(keys: string[]): Promise<void> {
    const missing = [...new Set(keys)].filter((k) => !this.json.has(k));
    if (missing.length === 0) return;
    const raw = await this.redis.mget(missing);
    this.preload(new Map(missing.map((key, i) => [key, raw[i] ?? null])));
  }

  /** Documents the caller already has, raw as Redis returned them (null: no such key). */
  preload(raw: ReadonlyMap<string, string | null>): void {
    for (const [key, value] of raw) if (!this.json.has(key)) this.json.set(key, value === null ? null : JSON.parse(value));
  }

  async getJson<T>(key: string): Promise<T | null> {
    if (this.json.has(key)) return this.json.get(key) as T | null;
    const raw = await this.redis.get(key);
    const value = raw === null ? null : (JSON.parse(raw) as T);
    this.json.set(key, value);
    return value;
  }

  setJson(key: string, value: unknown): void {
    const raw = JSON.stringify(value);
    this.json.set(key, value);
    this.written.set(key, raw);
    this.commands.push(['set', key, raw]);
  }

  zadd(key: string, score: number, member: string): void {
    this.commands.push(['zadd', key, String(score), member]);
  }

  zincrby(key: string, increment: number, member: string): void {
    this.commands.push(['zincrby', key, String(increment), member]);
  }

  markChanged(...tags: ChangeTag[]): void {
    for (const tag of tags) this.changed.add(formatTag(tag));
  }
}
