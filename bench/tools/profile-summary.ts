// Summarizes a V8 .cpuprofile over a time window: self time by package and by
// function, and inclusive time by function. Used by the profiling tools.

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface Profile {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

// V8 stamps samples with CLOCK_MONOTONIC in µs, the clock process.hrtime reads in every process.
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

const where = (url: string) => url.replace(/^.*node_modules\//, 'nm:').replace(/^.*\/work\/main\//, '');
const frameKey = (f: Node['callFrame']) => `${f.functionName || '(anonymous)'} ${where(f.url)}:${f.lineNumber}`;

export function summarizeProfile(profile: Profile, fromUs: number, toUs: number, topN = { packages: 12, self: 25, inclusive: 40 }): string {
  const hits = new Map<number, number>();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    if (t >= fromUs && t <= toUs) hits.set(id, (hits.get(id) ?? 0) + 1);
  });
  const total = [...hits.values()].reduce((a, b) => a + b, 0);
  const byFrame = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const node of profile.nodes) {
    const count = hits.get(node.id) ?? 0;
    if (!count) continue;
    const w = where(node.callFrame.url);
    const pkg = w.startsWith('nm:') ? w.split('/').slice(0, w.startsWith('nm:@') ? 2 : 1).join('/') : w.split('/')[0] || node.callFrame.functionName;
    byFrame.set(frameKey(node.callFrame), (byFrame.get(frameKey(node.callFrame)) ?? 0) + count);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + count);
  }
  // Inclusive: a frame counts every sample beneath it, once per stack even when recursive.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const inclusive = new Map<string, number>();
  for (const [id, count] of hits) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = frameKey(byId.get(at)!.callFrame);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + count);
    }
  }
  const top = (m: Map<string, number>, k: number) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, n]) => `  ${((n / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
  return [
    `${total} samples in ${((toUs - fromUs) / 1e6).toFixed(1)} s`,
    'self time by package:',
    ...top(byPackage, topN.packages),
    'self time by function:',
    ...top(byFrame, topN.self),
    'inclusive time by function:',
    ...top(inclusive, topN.inclusive),
  ].join('\n');
}
