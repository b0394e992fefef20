import { LRUCache } from 'lru-cache';
import type { ReadModelKeys } from './keys';

/**
 * Documents as this projector's last batch left them (raw JSON), so the next
 * batch need not read them back. They describe the store at one namespace and
 * checkpoint only: a batch that follows any other checkpoint finds the cache
 * empty (someone else may have written in between), and the script's check
 * proves nobody wrote between our batches.
 */
export class DocumentCache {
  private readonly docs = new LRUCache<string, string>({ max: 10_000 });
  private at: string | undefined;

  /** The cache, if it describes `keys` at `checkpoint`; otherwise it empties itself and says so. */
  describes(keys: ReadModelKeys, checkpoint: number): boolean {
    if (this.at === `${keys.namespace}@${checkpoint}`) return true;
    this.clear();
    return false;
  }

  get(key: string): string | undefined {
    return this.docs.get(key);
  }

  /** After a batch that moved `keys` to `checkpoint`, writing `written`. */
  advance(keys: ReadModelKeys, checkpoint: number, written: ReadonlyMap<string, string>): void {
    for (const [key, raw] of written) this.docs.set(key, raw);
    this.at = `${keys.namespace}@${checkpoint}`;
  }

  clear(): void {
    this.docs.clear();
    this.at = undefined;
  }
}
