// Starts and stops the socket swarm child process (see socket-swarm.ts).
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface Swarm {
  /** Stops the swarm; resolves with how many announcements its sockets received. */
  stop(): Promise<number>;
  /** The next line the swarm prints that matches, from now on (e.g. /^back (\d+) (\d+)$/ after a restart). */
  nextLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
}

export async function startSwarm(count: number, urls: readonly string[], timeoutMs = 120_000): Promise<Swarm> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'socket-swarm.ts'), String(count), ...urls], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket swarm not ready within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      if (/ready \d+/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`socket swarm exited:\n${output}`));
    });
  });
  return {
    nextLine(pattern, timeoutMs) {
      const from = output.length;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the swarm printed no ${pattern} within ${timeoutMs} ms:\n${output.slice(from).slice(-2000)}`)), timeoutMs);
        const check = () => {
          for (const line of output.slice(from).split('\n')) {
            const match = pattern.exec(line.trim());
            if (!match) continue;
            clearTimeout(timer);
            child.stdout.off('data', check);
            return resolve(match);
          }
        };
        child.stdout.on('data', check);
      });
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      return Number(/received (\d+)/.exec(output)?.[1] ?? Number.NaN);
    },
  };
}
