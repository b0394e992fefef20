// Starts arrival-listener.ts in a child process and collects what it heard.
import { fork } from 'node:child_process';
import path from 'node:path';
import type { ListenerConfig, ListenerMessage, ListenerRequest } from './arrival-listener';

export interface ArrivalListener {
  /** Half the child's best Postgres clock probe: the error bound of its timestamps, in ms. */
  uncertaintyMs: number;
  /** Waits until every key in `waitFor` was heard (or `timeoutMs`), stops the child, and returns [key, Postgres epoch ms] in arrival order. */
  finish(waitFor: number[], timeoutMs?: number): Promise<[number, number][]>;
}

export async function startArrivalListener(config: ListenerConfig): Promise<ArrivalListener> {
  const child = fork(path.join(import.meta.dirname, 'arrival-listener.ts'), [JSON.stringify(config)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise<ListenerMessage>((resolve, reject) => {
      // 'close', not 'exit': a child's last messages can still be in the channel when 'exit' fires.
      const onExit = (code: number | null) => reject(new Error(`the arrival listener exited (${code}) before answering`));
      child.once('close', onExit);
      child.once('message', (message: ListenerMessage) => {
        child.off('close', onExit);
        resolve(message);
      });
    });
  const ready = await next();
  if (!('ready' in ready)) throw new Error('the arrival listener did not start');
  return {
    uncertaintyMs: ready.ready.uncertaintyMs,
    async finish(waitFor, timeoutMs = 10_000) {
      const answer = next();
      child.send({ report: { waitFor, timeoutMs } } satisfies ListenerRequest);
      const message = await answer;
      if (!('arrivals' in message)) throw new Error('the arrival listener answered without arrivals');
      return message.arrivals;
    },
  };
}
