// Resident memory of the stack's processes, sampled against the event count,
// for the soak's "memory stays flat" figure. A process that a fault killed is
// replaced by a new pid; each pid is judged over its own life.
import fs from 'node:fs';

interface Sample {
  role: string;
  pid: number;
  events: number;
  kib: number;
}

export interface MemoryGrowth {
  role: string;
  pid: number;
  /** The window at each end of the process's life, in events. */
  windowEvents: number;
  firstMiB: number;
  lastMiB: number;
  growthPercent: number;
}

/** VmRSS of a live process in KiB, or undefined when it is gone. */
export function rssKiB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

export class RssSampler {
  private readonly samples: Sample[] = [];

  constructor(private readonly roles: Record<string, () => number[]>) {}

  /** `labelOf` can name what a process is doing now (a worker active or standing by): each pid is judged per label. */
  sample(events: number, labelOf: (role: string, pid: number) => string = (role) => role): void {
    for (const [role, pids] of Object.entries(this.roles)) {
      pids().forEach((pid, i) => {
        const kib = rssKiB(pid);
        if (kib !== undefined) this.samples.push({ role: `${labelOf(role, pid)}-${i + 1}`, pid, events, kib });
      });
    }
  }

  /**
   * Per process (and label), mean RSS over its first and over its last `window` events,
   * where window is 100,000 events or a fifth of the run if shorter; only
   * processes that lived through at least two windows.
   */
  growth(): MemoryGrowth[] {
    const total = this.samples.reduce((max, s) => Math.max(max, s.events), 0);
    const window = Math.min(100_000, Math.floor(total / 5));
    const byPid = new Map<string, Sample[]>();
    for (const s of this.samples) {
      const key = `${s.pid} ${s.role}`;
      const list = byPid.get(key);
      if (list) list.push(s);
      else byPid.set(key, [s]);
    }
    const mean = (xs: Sample[]) => xs.reduce((sum, s) => sum + s.kib, 0) / xs.length / 1024;
    const result: MemoryGrowth[] = [];
    for (const samples of byPid.values()) {
      const pid = samples[0]!.pid;
      const first = samples[0]!.events;
      const last = samples.at(-1)!.events;
      if (window === 0 || last - first < 2 * window) continue;
      const head = mean(samples.filter((s) => s.events <= first + window));
      const tail = mean(samples.filter((s) => s.events >= last - window));
      result.push({ role: samples[0]!.role, pid, windowEvents: window, firstMiB: Math.round(head), lastMiB: Math.round(tail), growthPercent: Math.round((tail / head - 1) * 1000) / 10 });
    }
    return result;
  }
}
