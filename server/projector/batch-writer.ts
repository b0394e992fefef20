// What a read model's `apply` may do during a batch: read the current value of
// a key (seeing the batch's own earlier writes), queue writes, and name what
// changed. All queued writes are executed in one MULTI with the new checkpoint.
import type { ChainableCommander, Redis } from 'ioredis';

export class BatchWriter {
  private readonly json = new Map<string, unknown>();
  readonly changed = new Set<string>();

  constructor(
    private readonly redis: Redis,
    readonly multi: ChainableCommander,
  ) {}

  /** Loads the documents a batch will read in one round trip instead of one per event. */
  async prefetch(keys: string[]): Promise<void> {
    const missing = [...new Set(keys)].filter((k) => !this.json.has(k));
    if (missing.length === 0) return;
    const raw = await this.redis.mget(missing);
    missing.forEach((key, i) => this.json.set(key, raw[i] == null ? null : JSON.parse(raw[i]!)));
  }

  async getJson<T>(key: string): Promise<T | null> {
    if (this.json.has(key)) return this.json.get(key) as T | null;
    const raw = await this.redis.get(key);
    const value = raw === null ? null : (JSON.parse(raw) as T);
    this.json.set(key, value);
    return value;
  }

  setJson(key: string, value: unknown): void {
    this.json.set(key, value);
    this.multi.set(key, JSON.stringify(value));
  }

  markChanged(...tags: string[]): void {
    for (const tag of tags) this.changed.add(tag);
  }
}
