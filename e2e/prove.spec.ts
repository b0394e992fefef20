// `npm run prove` against an app that is already running, run once here against
// this suite's own stack, so it cannot rot: the journeys pass there, and the one
// that needs the private stack says why it is skipped.
import { spawn } from 'node:child_process';
import { expect, PROVING, test } from './fixtures';

interface JsonReport {
  stats: { expected: number; unexpected: number; skipped: number };
  suites: Suite[];
}
interface Suite {
  suites?: Suite[];
  specs?: { title: string; tests: { status: string; annotations: { type: string; description?: string }[] }[] }[];
}
const specsOf = (s: Suite): NonNullable<Suite['specs']> => [...(s.specs ?? []), ...(s.suites ?? []).flatMap(specsOf)];

test('npm run prove against a running app: its journeys pass, and one that needs the private stack is skipped with the reason', async ({ baseURL }) => {
  test.skip(PROVING, 'this is a prove run already');
  test.setTimeout(240_000);
  const files = ['e2e/smoke.spec.ts', 'e2e/read-your-writes.spec.ts', 'e2e/optimistic-updates.spec.ts'];
  const child = spawn('npx', ['playwright', 'test', ...files, '--reporter=json', '--output=test-results/prove-run'], {
    env: { ...process.env, E2E_BASE_URL: baseURL, PROVE: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code, `the prove run failed:\n${stderr.slice(-2000)}`).toBe(0);
  const report = JSON.parse(stdout) as JsonReport;
  expect(report.stats.unexpected).toBe(0);
  expect(report.stats.expected).toBeGreaterThanOrEqual(3);
  const skipped = report.suites.flatMap(specsOf).filter((s) => s.tests.some((t) => t.status === 'skipped'));
  expect(skipped.map((s) => s.title)).toEqual(['with the database down the order rolls back with the reason; once it is back, buying works']);
  expect(skipped[0]!.tests[0]!.annotations.map((a) => a.description)).toContain('needs the private test stack: it stops the stack’s own Postgres');
});
