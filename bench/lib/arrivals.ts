// When each position was first heard of, on some channel (Redis pub/sub, a
// socket, a Postgres NOTIFY). Positions only grow on every channel we listen
// to, so "first arrival at or beyond p" is a binary search.
import { sleep } from './timing';

export class Arrivals {
  private readonly positions: number[] = [];
  private readonly times: number[] = [];

  /** Records that `position` was heard at `at` (performance.now()); older or equal positions add nothing. */
  heard(position: number, at: number): void {
    const last = this.positions.at(-1);
    if (last !== undefined && position <= last) return;
    this.positions.push(position);
    this.times.push(at);
  }

  /** How many advances were heard. */
  get count(): number {
    return this.positions.length;
  }

  get latest(): number {
    return this.positions.at(-1) ?? 0;
  }

  /** When a position >= `position` was first heard, or undefined. */
  firstAt(position: number): number | undefined {
    let lo = 0;
    let hi = this.positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.positions[mid]! >= position) hi = mid;
      else lo = mid + 1;
    }
    return lo < this.positions.length ? this.times[lo] : undefined;
  }

  async waitFor(position: number, timeoutMs = 30_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.latest < position) {
      if (Date.now() > deadline) return false;
      await sleep(10);
    }
    return true;
  }
}
