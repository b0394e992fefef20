// The scenarios in the order they run. Order matters: 2 measures the maximum
// command rate that 1 runs at half of, and the rebuild (4) appends ~90k
// synthetic events with no order rows behind them, so it goes last (the
// browser scenarios, 6 and 7, belong before it).
import type { BenchContext } from '../lib/context';
import type { ScenarioResult } from '../lib/report';
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
  { key: '4', name: 'projector rebuild', run: rebuild },
];
