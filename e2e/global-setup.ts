// One stack for the whole Playwright run, and a saved login per demo account.
import fs from 'node:fs';
import path from 'node:path';
import { request } from '@playwright/test';
import { ensureChromium } from '../server/dev/ensure-chromium';
import { startTestStack } from '../server/dev/test-stack';
import { serveServiceControl } from '../server/testing/service-control';
import { E2E_PORT } from '../playwright.config';
import { AUTH_DIR, type Account } from './fixtures';

export default async function globalSetup() {
  ensureChromium();
  const stack = await startTestStack({ name: 'e2e', withWeb: true, withWorker: true, port: E2E_PORT, webInstances: 2 });
  fs.mkdirSync(AUTH_DIR, { recursive: true });
  // Journeys start from built read models, not from the first-start rebuild.
  const probe = await request.newContext({ baseURL: stack.baseUrl });
  const deadline = Date.now() + 60_000;
  for (let ready = false; !ready; await new Promise((r) => setTimeout(r, 100))) {
    ready = ((await (await probe.get('/api/projection')).json()) as { readModel: string }).readModel === 'ready';
    if (!ready && Date.now() > deadline) throw new Error('the read models did not finish their first build within 60 s');
  }
  await probe.dispose();
  for (const account of ['alice', 'bob', 'admin'] satisfies Account[]) {
    const context = await request.newContext({ baseURL: stack.baseUrl });
    const res = await context.post('/api/session', { data: { email: `${account}@example.com`, password: 'bookstore' } });
    if (!res.ok()) throw new Error(`could not sign in ${account}: ${res.status()}`);
    await context.storageState({ path: path.join(AUTH_DIR, `${account}.json`) });
    // Warm the pages once, so the first journey does not measure a cold server against its time limits.
    for (const page of ['/', '/orders', '/admin', '/login', '/api/orders', '/api/books', '/api/projection']) await context.get(page);
    await context.dispose();
  }
  // Journeys that take Postgres down reach it through here (workers inherit the environment).
  const control = await serveServiceControl(stack.services);
  process.env.SERVICE_CONTROL_URL = control.url;
  return async () => {
    control.close();
    await stack.stop();
  };
}
