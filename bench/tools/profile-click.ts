// Where the browser spends a Lab click: starts the bench stack, opens one Lab
// pane in Chromium, profiles the page's main thread (CDP) while "Run N" buys,
// and prints the heaviest functions (self time) and the pane's own samples.
//   node --import tsx bench/tools/profile-click.ts [pane] [commands]
// (`npx next build --no-mangling` first, and the profile names React components.)
import fs from 'node:fs';
import { chromium, request } from '@playwright/test';
import type { LabExport } from '@/app/lib/lab/export-results';
import { buildIfNeeded } from '@/server/dev/build-if-needed';
import { ensureChromium } from '@/server/dev/ensure-chromium';
import { startTestStack } from '@/server/dev/test-stack';
import { summarizeProfile, type Profile } from './profile-summary';

const pane = process.argv[2] ?? 'waitForProjection';
const commands = Number(process.argv[3] ?? 21);
buildIfNeeded(console.log);
const stack = await startTestStack({ name: 'bench', withWeb: true, withWorker: true, webInstances: 1, log: () => {} });
const browser = await chromium.launch({ executablePath: ensureChromium(console.log), args: ['--no-sandbox', '--disable-gpu'] });
try {
  const baseURL = stack.webUrls[0]!;
  const signIn = async (email: string) => {
    const context = await request.newContext({ baseURL });
    if (!(await context.post('/api/session', { data: { email, password: 'bookstore' } })).ok()) throw new Error(`sign-in as ${email} failed`);
    return context;
  };
  const admin = await signIn('admin@example.com');
  const added = (await (await admin.post('/api/books', { data: { title: 'Profiled', author: 'Bench', priceCents: 999, stock: 1000 } })).json()) as { bookId: string };
  const context = await browser.newContext({ baseURL, storageState: await (await signIn('alice@example.com')).storageState(), acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`/lab?pane=${pane}&book=${added.bookId}`);
  await page.getByRole('button', { name: /^Run \d+/, disabled: false }).waitFor();
  await page.getByLabel('Commands in a run').fill(String(commands));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.getByRole('button', { name: /^Run \d+/ }).click();
  await page.getByRole('progressbar').waitFor({ state: 'detached', timeout: 10 * 60_000 });
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export results' }).click();
  const exported = JSON.parse(fs.readFileSync((await (await download).path())!, 'utf8')) as LabExport;
  for (const s of exported.panes[0]!.samples) console.log(`ack ${s.ackMs} ms, shown ${s.shownMs} ms, consistent ${s.consistentMs} ms, requests ${s.requests}, held ${s.heldMs} ms`);
  console.log(summarizeProfile(profile, profile.startTime, profile.endTime));
} finally {
  await browser.close();
  await stack.stop();
}
