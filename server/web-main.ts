// The web process: one HTTP server for the command API (server/http/command-api.ts),
// the query API (server/http/query-api.ts), Next.js (pages, server actions, the
// other routes) and socket.io. Started by
// `npm start`; several may run behind a load balancer.
import { createServer } from 'node:http';
import next from 'next';
import { env } from './env';
import { serveCommandApi } from './http/command-api';
import { stampClientAddress } from './http/node-http';
import { commonSecurityHeaders } from './http/security-headers';
import { serveQueryApi } from './http/query-api';
import { log } from './log';
import { attachRealtime } from './realtime/socket-server';

const config = env();
const dev = config.NODE_ENV === 'development';
const app = next({ dev, hostname: 'localhost', port: config.PORT });
const handle = app.getRequestHandler();
await app.prepare();

const securityHeaders = Object.entries(commonSecurityHeaders(config.COOKIE_SECURE));
const httpServer = createServer((req, res) => {
  stampClientAddress(req, config.TRUSTED_PROXIES);
  // On every response, whichever path answers it: Next keeps headers set before it is handed the response.
  for (const [name, value] of securityHeaders) res.setHeader(name, value);
  if (!serveCommandApi(req, res) && !serveQueryApi(req, res)) void handle(req, res);
});
// Node closes an idle keep-alive socket after 5 s; a client whose pool reuses it at that moment gets
// ECONNRESET for a request the server never saw (the anomaly matrix's "two web instances" met it).
// Idle sockets live longer than any client's pause here, as behind a load balancer (which closes first).
httpServer.keepAliveTimeout = 75_000;
httpServer.headersTimeout = 76_000;
const realtime = await attachRealtime(httpServer, config.REDIS_URL, Object.fromEntries(securityHeaders));
const upgrade = app.getUpgradeHandler();
httpServer.on('upgrade', (req, socket, head) => {
  if (!req.url?.startsWith('/socket.io/')) void upgrade(req, socket, head);
});

httpServer.listen(config.PORT, () => log.info('web.listening', { url: `http://localhost:${config.PORT}`, dev }));
// start.ts looks for this plain line to know the server is up.
httpServer.once('listening', () => console.log(`listening on http://localhost:${config.PORT}`));

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  log.info('web.stopping', { signal });
  await realtime.close();
  httpServer.close();
  await app.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
// The bench's memory per socket compares RSS after a full collection on both sides: without
// one, a collection during the connects can free more than the sockets take (a negative figure).
// Only with --expose-gc (the bench's stack); the handler is always there so the signal never kills.
const collectGarbage = (globalThis as { gc?: () => void }).gc;
process.on('SIGUSR2', () => collectGarbage?.());
