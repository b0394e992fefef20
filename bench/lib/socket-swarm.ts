// A child process holding many socket.io clients, so their message handling
// does not share an event loop with the bench's probe sockets (which would
// then time the swarm's queueing, not the server's push).
//   node --import tsx bench/lib/socket-swarm.ts <count> <url> [<url>...]
// Prints "ready <n>" once all are connected and "received <n>" on SIGTERM.
// The clients reconnect as the app's own do (socket.io's defaults, as in
// app/lib/consistency/announcements.ts): after a web instance restarts, each
// reconnect prints "back <n> <wall-clock ms>" once every dropped socket is
// connected again.
import { io, type Socket } from 'socket.io-client';
import { ADVANCED_EVENT } from '@/server/contracts/channels';

const [countArg, ...urls] = process.argv.slice(2);
const count = Number(countArg);
if (!count || urls.length === 0) throw new Error('usage: socket-swarm.ts <count> <url>...');

const sockets: Socket[] = [];
let received = 0;
let ready = false;
const down = new Set<Socket>();
let droppedInStorm = 0;

function connect(url: string): Promise<void> {
  const socket = io(url, { transports: ['websocket'], forceNew: true });
  sockets.push(socket);
  socket.on(ADVANCED_EVENT, () => {
    received++;
  });
  socket.on('disconnect', () => {
    if (!ready) return;
    if (down.size === 0) droppedInStorm = 0;
    down.add(socket);
    droppedInStorm++;
  });
  socket.on('connect', () => {
    if (!down.delete(socket) || down.size > 0) return;
    console.log(`back ${droppedInStorm} ${Date.now()}`);
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

// In waves, so the handshakes do not all land on the server at once.
for (let i = 0; i < count; i += 50) {
  await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, j) => connect(urls[(i + j) % urls.length]!)));
}
ready = true;
console.log(`ready ${sockets.length}`);

process.on('SIGTERM', () => {
  console.log(`received ${received}`);
  for (const socket of sockets) socket.disconnect();
  process.exit(0);
});
