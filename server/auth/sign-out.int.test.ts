// Sign-out revokes: a copy of the cookie taken before it is refused after it,
// on both web instances, over the APIs, Next's routes and socket.io; a socket
// already open with it is closed.
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook } from '@/server/testing/fixtures';
import { controlService } from '@/server/testing/service-control';
import { waitFor } from '@/server/testing/worker-process';

const sockets: Socket[] = [];
afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));

function connect(url: string, cookie: string): Socket {
  const socket = io(url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true });
  sockets.push(socket);
  return socket;
}

const connected = (socket: Socket) =>
  new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });

describe('sign-out', () => {
  it('refuses a copy of the cookie taken before it, on HTTP and on the socket, on every instance', async () => {
    const [first, second] = inject('webUrls');
    const admin = await ApiClient.signedIn('admin@example.com');
    const { bookId } = await addTestBook(admin, 10);
    const browser = await ApiClient.signedIn('bob@example.com', first);
    const copied = browser.cookieHeader();
    const asCopy = (url: string) => ({ url, headers: { cookie: copied } });

    // The copy works before, on both instances (and opens the unseal cache there).
    for (const url of [first!, second!]) {
      const res = await fetch(`${url}/api/orders`, asCopy(url));
      expect(res.status).toBe(200);
    }
    const openSocket = connect(second!, copied);
    await connected(openSocket);
    const closed = new Promise<string>((resolve) => openSocket.once('disconnect', resolve));

    expect((await browser.request('DELETE', '/api/session')).status).toBe(200);

    // The socket that was open on the other instance is closed by the server.
    expect(await closed).toBe('io server disconnect');
    for (const url of [first!, second!]) {
      const read = await fetch(`${url}/api/orders`, asCopy(url));
      expect({ url, status: read.status }).toEqual({ url, status: 401 });
      const write = await fetch(`${url}/api/orders`, {
        method: 'POST',
        headers: { cookie: copied, 'content-type': 'application/json' },
        body: JSON.stringify({ lines: [{ bookId, quantity: 1 }] }),
      });
      expect({ url, status: write.status }).toEqual({ url, status: 401 });
      const session = (await (await fetch(`${url}/api/session`, asCopy(url))).json()) as { user: unknown };
      expect(session).toEqual({ user: null });
      // A new socket with the copy is refused at the handshake.
      await expect(connected(connect(url, copied))).rejects.toThrow(/signed out/);
    }

    // Another sign-in of the same account is a new session, untouched.
    const again = await ApiClient.signedIn('bob@example.com');
    expect((await again.get('/api/orders')).status).toBe(200);
  });
});

describe('sign-out, and Redis lost', () => {
  const control = (action: 'stop' | 'start') => controlService(inject('serviceControlUrl'), 'redis', action);

  it('a copy of the cookie stays refused while Redis is down and after it comes back empty', async () => {
    const webs = inject('webUrls');
    const browser = await ApiClient.signedIn('bob@example.com', webs[0]);
    const copied = browser.cookieHeader();
    const statusOn = async (url: string) => ({ url, status: (await fetch(`${url}/api/orders`, { headers: { cookie: copied } })).status });
    expect(await statusOn(webs[0]!)).toMatchObject({ status: 200 });
    expect((await browser.request('DELETE', '/api/session')).status).toBe(200);

    await control('stop');
    try {
      // Orders are read from Postgres meanwhile; who asks is checked there too.
      for (const url of webs) expect(await statusOn(url)).toEqual({ url, status: 401 });
    } finally {
      await control('start');
    }
    // Back, and empty: every revocation went with it, but not from Postgres.
    for (const url of webs) {
      await waitFor(async () => !((await (await fetch(`${url}/api/health`)).json()) as { problems: string[] }).problems.includes('redis unreachable'), `Redis to be back for ${url}`);
      expect(await statusOn(url)).toEqual({ url, status: 401 });
    }
    // And a fresh sign-in of the account still works.
    expect((await (await ApiClient.signedIn('bob@example.com', webs[1])).get('/api/orders')).status).toBe(200);
  });
});
