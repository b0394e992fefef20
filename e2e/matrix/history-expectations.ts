// The anomaly checker as Playwright assertions: a journey records what its
// views showed and states the guarantee it proves; a failure says which
// anomaly broke it, where, and what the screen showed.
import { expect } from '@playwright/test';
import { checkHistory, describeAnomalies, type AnomalyKind, type History } from '../../app/lib/lab/anomalies';

function expectNo(kind: AnomalyKind, history: History, what: string) {
  const { anomalies, chances } = checkHistory(history);
  expect(chances[kind], `${what}: the history gave no chance to see it (nothing to judge)`).toBeGreaterThan(0);
  expect(describeAnomalies(anomalies, kind), what).toBe('');
}

export const expectReadYourWrites = (history: History, who = 'this view') => expectNo('stale-read-after-own-write', history, `${who} read its own writes`);
export const expectMonotonicReads = (history: History, who = 'this view') => expectNo('time-went-backwards', history, `${who} never went back in time`);
export const expectNoFlicker = (history: History, who = 'this view') => expectNo('flicker', history, `${who} never flickered`);
export const expectNoSilentRollback = (history: History, who = 'this view') => expectNo('silent-rollback', history, `${who} explained every rollback`);
export const expectNoEndlessWait = (history: History, who = 'this view') => expectNo('endless-wait', history, `${who} said when it stopped waiting`);
export const expectNoLostWrite = (history: History, who = 'this view') => expectNo('lost-write-on-reload', history, `${who} kept a write cut off by a reload`);
