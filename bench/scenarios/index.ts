// The scenarios in the order they run. Order matters: 2 measures the maximum
// command rate that 1 runs at half of, and the rebuild (4) appends ~90k
// synthetic events with no order rows behind them, so it goes last (the
// browser scenarios, 6 and 7, belong before it). 8 drives the event log's
// append lock with 1 to 256 bare SQL writers to find its ceiling (orders/s
// and the lock's hold time per level); it places many orders, so it runs
// after the latency scenarios that should not see its backlog.
import type { BenchContext } from '../lib/context';
import type { ScenarioResult } from '../lib/report';
import { appendCeiling } from './append-ceiling';
import { commandThroughput } from './command-throughput';
import { projectionLag } from './projection-lag';
import { push } from './push';
import { reads } from './reads';
import { manySockets } from './many-sockets';
import { pagePaint } from './page-paint';
import { rebuild } from './rebuild';
import { strategiesInBrowser } from './strategies-in-browser';

export interface Scenario {
  key: string;
  name: string;
  run: (ctx: BenchContext) => Promise<ScenarioResult>;
}

export const SCENARIOS: Scenario[] = [
  { key: '2', name: 'command throughput', run: commandThroughput },
  { key: '1', name: 'projection lag', run: projectionLag },
  { key: '3', name: 'reads', run: reads },
  { key: '5', name: 'push latency', run: push },
  { key: '10', name: '10,000 sockets and the reconnect storm', run: manySockets },
  { key: '6', name: 'strategies in the browser (6 and 7)', run: strategiesInBrowser },
  { key: '9', name: 'pages: first paint and first consistent view', run: pagePaint },
  { key: '8', name: 'append lock ceiling', run: appendCeiling },
  { key: '4', name: 'projector rebuild', run: rebuild },
];
