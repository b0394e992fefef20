// A TCP relay to a service the test can cut and restore on the same address:
// what a process pointed at it sees when the service goes away and comes back,
// while the service itself (and everything else using it) carries on.
import net from 'node:net';

export interface TcpRelay {
  /** Accepts connections again and pipes each to the target. */
  on(): Promise<void>;
  /** Resets the open connections and refuses new ones. */
  off(): Promise<void>;
}

export function tcpRelay(listenPort: number, target: URL): TcpRelay {
  let server: net.Server | undefined;
  const open = new Set<net.Socket>();
  return {
    on: async () => {
      const listening = net.createServer((client) => {
        const upstream = net.connect(Number(target.port), target.hostname);
        client.pipe(upstream).pipe(client);
        for (const s of [client, upstream]) {
          open.add(s);
          s.on('error', () => undefined);
          s.on('close', () => open.delete(s));
        }
      });
      server = listening;
      await new Promise<void>((resolve) => listening.listen(listenPort, '127.0.0.1', resolve));
    },
    off: async () => {
      const closing = server;
      server = undefined;
      const closed = new Promise((resolve) => (closing ? closing.close(resolve) : resolve(undefined)));
      for (const s of open) s.destroy();
      await closed;
    },
  };
}
