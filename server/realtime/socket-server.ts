// socket.io on the web server's HTTP server. The handshake is authenticated
// with the session cookie; a socket joins only the rooms its user may see.
// The Redis adapter connects the instances: the worker emits each announcement
// once through the Redis emitter (server/realtime/push-to-browsers.ts) and every
// instance delivers it to its own sockets in the rooms named (decision 003).
import type { Server as HttpServer } from 'node:http';
import { parse as parseCookie } from 'cookie';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server } from 'socket.io';
import { isRevoked, openSealedCookie, SESSION_COOKIE } from '@/server/auth/session';
import type { ProjectionAdvanced, SessionUser } from '@/server/contracts/api';
import { log } from '@/server/log';
import { metrics, observeAnnouncement } from '@/server/observability/metrics';
import { ADVANCED_CHANNEL } from '@/server/contracts/channels';
import { connectRedis } from '@/server/redis';
import { sessionRoom } from './disconnect-session';
import { CATALOG_ROOM, userRoom } from './route-announcement';

const CLIENT_MESSAGE_LIMIT_BYTES = 4096;

/** What the handshake learned about the socket: its user and session, or null for anyone not signed in. */
interface SocketData {
  user: SessionUser | null;
  sid: string | null;
}

export async function attachRealtime(httpServer: HttpServer, redisUrl: string, securityHeaders: Record<string, string> = {}): Promise<{ close(): Promise<void> }> {
  // Leave other upgrade requests (Next's dev HMR) to their own handler.
  // Browsers only listen: past the handshake a client has nothing to say, so a
  // message over a few KiB is a flood (engine.io closes that connection).
  const io = new Server<Record<string, never>, Record<string, never>, Record<string, never>, SocketData>(httpServer, { serveClient: false, destroyUpgrade: false, maxHttpBufferSize: CLIENT_MESSAGE_LIMIT_BYTES });
  const adapterPub = connectRedis(redisUrl);
  const adapterSub = connectRedis(redisUrl);
  io.adapter(createAdapter(adapterPub, adapterSub));
  // socket.io answers its own HTTP requests (polling, the upgrade) before web-main's handler sees them.
  io.engine.on('headers', (headers: Record<string, string>) => Object.assign(headers, securityHeaders));

  io.use(async (socket, next) => {
    socket.data.user = null;
    socket.data.sid = null;
    let session;
    try {
      session = await openSealedCookie(parseCookie(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE]);
    } catch {
      // A tampered or expired cookie gets an anonymous socket, as an HTTP request would.
      return next();
    }
    // A signed-out session's copy is refused outright: whoever holds it was told it no longer works.
    if (session && (await isRevoked(session.sid))) return next(new Error('unauthenticated: this session was signed out'));
    if (session) Object.assign(socket.data, session);
    next();
  });

  io.on('connection', (socket) => {
    metrics().sockets.inc();
    socket.on('disconnect', () => metrics().sockets.dec());
    // The protocol has no client events: any event is garbage or an attack, and the socket goes
    // (a packet that does not parse is closed by socket.io itself). Others are not affected.
    socket.onAny((event: unknown) => {
      log.warn('realtime.client_event_refused', { event: String(event).slice(0, 100), user: socket.data.user?.id ?? null });
      socket.disconnect(true);
    });
    void socket.join(CATALOG_ROOM);
    const { user, sid } = socket.data;
    if (user) void socket.join(userRoom(user.id));
    // Sign-out closes it (disconnect-session.ts), on whichever instance it is.
    if (sid) void socket.join(sessionRoom(sid));
  });

  // Each instance also hears the projector's channel itself, for its lag metrics (not for delivery).
  const subscriber = connectRedis(redisUrl);
  await subscriber.subscribe(ADVANCED_CHANNEL);
  subscriber.on('message', (_channel: string, raw: string) => {
    try {
      observeAnnouncement(JSON.parse(raw) as ProjectionAdvanced);
    } catch (error) {
      log.error('realtime.bad_announcement', { error: String(error) });
    }
  });

  return {
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      for (const connection of [subscriber, adapterPub, adapterSub]) connection.disconnect();
    },
  };
}
