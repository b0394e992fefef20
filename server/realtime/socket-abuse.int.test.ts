// A socket that talks back is cut off, and the others keep hearing: browsers
// only listen, so an unknown event, a packet that does not parse, a flood of
// events or one oversized message each end that socket alone.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { closeListeners, listenForAnnouncements } from '@/server/testing/announcements';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook } from '@/server/testing/fixtures';

const opened: Socket[] = [];
afterEach(() => {
  closeListeners();
  for (const s of opened.splice(0)) s.disconnect();
});

async function connected(url: string): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  opened.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Resolves with the reason once the server ends the socket; fails the test if it does not within 5 s. */
const cutOff = (socket: Socket) =>
  new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not disconnect the socket within 5 s')), 5000);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });

describe('sockets that talk back', () => {
  it('are disconnected one by one, while a well-behaved socket keeps hearing pushes', async () => {
    const [url] = inject('webUrls');
    const admin = await ApiClient.signedIn('admin@example.com');
    const { bookId } = await addTestBook(admin, 10);
    const listener = await listenForAnnouncements(url!);

    const unknownEvent = await connected(url!);
    const gone1 = cutOff(unknownEvent);
    unknownEvent.emit('hello', { from: 'a script' });
    expect(await gone1).toBe('io server disconnect');

    const garbage = await connected(url!);
    const gone2 = cutOff(garbage);
    // A raw engine.io message whose socket.io packet does not parse.
    garbage.io.engine.send('{not a packet');
    expect(await gone2).not.toBe('io client disconnect');

    const flood = await connected(url!);
    const gone3 = cutOff(flood);
    for (let i = 0; i < 1000; i++) flood.emit('spam', i);
    expect(await gone3).not.toBe('io client disconnect');

    const oversized = await connected(url!);
    const gone4 = cutOff(oversized);
    oversized.io.engine.send(`2["x","${'a'.repeat(64 * 1024)}"]`);
    expect(await gone4).not.toBe('io client disconnect');

    // The well-behaved one was never touched and still hears the next change.
    const changed = await admin.post<{ position: number }>(`/api/books/${bookId}/price`, { priceCents: 1234 });
    expect(changed.status).toBe(200);
    const deadline = Date.now() + 10_000;
    while (!listener.some((m) => m.position >= changed.body.position)) {
      if (Date.now() > deadline) throw new Error('the well-behaved socket heard nothing after the others were cut off');
      await new Promise((r) => setTimeout(r, 20));
    }
  });
});
