// The folders of server/, app/ and db/ import each other one way only: no two
// folders (or longer loops of them) depend on each other. Type-only imports
// are erased and do not count; the top-level files (env, log, context, ...)
// count as folders of their own.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const LAYERS = ['server', 'app', 'db'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** A module's node: its folder, or itself when it sits at the top of a layer. */
function nodeOf(relative: string): string {
  const folder = path.dirname(relative);
  return LAYERS.includes(folder) ? relative.replace(/\.tsx?$/, '') : folder.split(path.sep).slice(0, 2).join('/');
}

function importGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of LAYERS.flatMap((layer) => sourceFiles(path.join(ROOT, layer)))) {
    const from = path.relative(ROOT, file);
    const source = fs.readFileSync(file, 'utf8');
    for (const [, target] of source.matchAll(/^import\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
      const resolved = target!.startsWith('@/') ? target!.slice(2) : target!.startsWith('.') ? path.join(path.dirname(from), target!) : null;
      if (!resolved) continue;
      const [a, b] = [nodeOf(from), nodeOf(`${resolved}.ts`)];
      if (a === b) continue;
      if (!graph.has(a)) graph.set(a, new Map());
      if (!graph.get(a)!.has(b)) graph.get(a)!.set(b, `${from} -> ${target}`);
    }
  }
  return graph;
}

function cycles(graph: Map<string, Map<string, string>>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const [next, why] of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push(`${[...stack.slice(stack.indexOf(next)), next].join(' -> ')} (closed by ${why})`);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

describe('the import graph between folders', () => {
  it('has no cycles', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(10);
    expect(cycles(graph)).toEqual([]);
  });
});
