// The README's nginx block, run verbatim (only its ports changed) in front of
// both web instances: a command, a read-your-writes read, a socket
// announcement and an oversized body all pass through it and are answered by
// the app. If the README's block changes, this test runs the new one.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BookResponse } from '@/server/contracts/api';
import { ensureDebianPackage, which } from '@/server/dev/ensure-package';
import { freePort } from '@/server/dev/free-port';
import { closeListeners, listenForAnnouncements } from '@/server/testing/announcements';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook } from '@/server/testing/fixtures';
import { waitFor } from '@/server/testing/worker-process';

/** The ```nginx block of README.md, with its upstream servers and listen port replaced. */
export function readmeNginxBlock(readme: string, upstreams: string[], port: number): string {
  const block = /```nginx\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README.md has no ```nginx block');
  let i = 0;
  const withUpstreams = block.replace(/server 127\.0\.0\.1:\d+;/g, () => `server ${upstreams[i++ % upstreams.length]};`);
  if (i !== upstreams.length) throw new Error(`the README block names ${i} upstream servers; the test runs ${upstreams.length}`);
  return withUpstreams.replace(/listen \d+;/, `listen 127.0.0.1:${port};`);
}

const dir = path.resolve('.data/test-int/nginx');
let nginx: ChildProcess;
let url: string;

beforeAll(async () => {
  const bin = ensureDebianPackage(() => which('nginx') ?? (fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : null), 'nginx', console.log);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const upstreams = inject('webUrls').map((u) => new URL(u).host.replace('localhost', '127.0.0.1'));
  const site = readmeNginxBlock(fs.readFileSync('README.md', 'utf8'), upstreams, port);
  // Only what running outside /etc needs around the README's block: paths under the test's own directory.
  const conf = `daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;
events {}
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
${site}
}
`;
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
  nginx = spawn(bin, ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: ['ignore', 'inherit', 'inherit'] });
  await waitFor(async () => (await fetch(`${url}/api/health`).catch(() => null))?.ok, 'nginx to answer');
});

afterAll(async () => {
  closeListeners();
  nginx?.kill('SIGTERM');
  if (nginx && nginx.exitCode === null) await new Promise((r) => nginx.once('exit', r));
});

describe("the README's nginx config in front of two web instances", () => {
  it('passes sign-in, a command, a read-your-writes read, a socket announcement and an oversized body, answered by the app', async () => {
    // As a browser on the proxy's origin would send them.
    const origin = { origin: url };
    const admin = await ApiClient.signedIn('admin@example.com');
    const { bookId, position: added } = await addTestBook(admin, 5);
    await admin.waitForProjection(added);

    const alice = new ApiClient(url);
    expect((await alice.request('POST', '/api/session', { email: 'alice@example.com', password: 'bookstore' }, origin)).status).toBe(200);

    const heard = await listenForAnnouncements(url, alice);

    const placed = await alice.request<{ position: number }>('POST', '/api/orders', { lines: [{ bookId, quantity: 1 }] }, origin);
    expect(placed.status).toBe(201);
    // Round robin: these land on both instances; each one reads this browser's write.
    for (let i = 0; i < 4; i++) {
      const read = await alice.get<BookResponse>(`/api/books/${bookId}?consistency=read-your-writes`);
      expect(read.body.projection.position).toBeGreaterThanOrEqual(placed.body.position);
      expect(read.body.book.stock).toBe(4);
    }
    await waitFor(async () => heard.some((m) => m.position >= placed.body.position), 'the announcement through nginx', 10_000);

    const oversized = await alice.request<{ error: { code: string } }>('POST', '/api/orders', { lines: [{ bookId, quantity: 1 }], padding: 'x'.repeat(2 * 1024 * 1024) }, origin);
    expect(oversized.status).toBe(413);
    expect(oversized.body.error.code).toBe('payload_too_large');
  });

  it('counts sign-in failures per client behind it (TRUSTED_PROXIES=loopback), so one guesser does not lock out everyone', async () => {
    // Two clients nginx sees from different loopback addresses; the web instances see only nginx.
    const signIn = (from: string, password: string) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ email: 'alice@example.com', password });
        const req = http.request(`${url}/api/session`, { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), origin: url } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      });
    const guesses: number[] = [];
    for (let i = 0; i < 20 && guesses.at(-1) !== 429; i++) guesses.push(await signIn('127.0.0.2', `wrong-${i}`));
    expect(guesses.at(-1)).toBe(429);
    expect(await signIn('127.0.0.2', 'bookstore')).toBe(429);
    // Without the forwarded address both would be nginx's 127.0.0.1, and alice would be refused here too.
    expect(await signIn('127.0.0.3', 'bookstore')).toBe(200);
  });
});
