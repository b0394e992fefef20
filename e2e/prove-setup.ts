// `npm run prove` against an app that is already running (E2E_BASE_URL): nothing
// is started; the demo accounts sign in there and the lab settings found are put
// back at the end, whatever the journeys did.
import fs from 'node:fs';
import path from 'node:path';
import { request } from '@playwright/test';
import type { LabSettingsView } from '../server/contracts/api';
import { ensureChromium } from '../server/dev/ensure-chromium';
import { AUTH_DIR, type Account } from './fixtures';

export default async function proveSetup() {
  ensureChromium();
  const baseURL = process.env.E2E_BASE_URL!;
  const health = await fetch(new URL('/api/health', baseURL)).catch((error: unknown) => {
    throw new Error(`E2E_BASE_URL=${baseURL} does not answer (${String(error)}); start the app first (npm start) or unset E2E_BASE_URL to prove the private stack.`);
  });
  if (!health.ok) throw new Error(`${baseURL}/api/health answers ${health.status}: the app is not ready to be proven.`);
  fs.mkdirSync(AUTH_DIR, { recursive: true });
  for (const account of ['alice', 'bob', 'admin'] satisfies Account[]) {
    const context = await request.newContext({ baseURL });
    const res = await context.post('/api/session', { data: { email: `${account}@example.com`, password: 'bookstore' } });
    if (!res.ok()) throw new Error(`could not sign in ${account}@example.com at ${baseURL}: ${res.status()} (the demo accounts are seeded by npm start)`);
    await context.storageState({ path: path.join(AUTH_DIR, `${account}.json`) });
    await context.dispose();
  }
  const admin = await request.newContext({ baseURL, storageState: path.join(AUTH_DIR, 'admin.json') });
  const found = (await (await admin.get('/api/lab')).json()) as LabSettingsView;
  return async () => {
    await admin.put('/api/lab', { data: found });
    await admin.dispose();
  };
}
