'use client';

// One browser, one session: the tabs of a browser share the page scope's
// token, pending optimistic changes and strategy settings, and a command sent
// but not answered when its tab reloads or closes is sent again, with the same
// idempotency key, so it is applied exactly once and its overlay survives.
//
// Each tab keeps its share in localStorage under its own key (so tabs never
// overwrite each other) and hears the others through `storage` events. A tab's
// id lives in sessionStorage, which survives a reload of that tab and nothing
// else; a Web Lock held for the tab's lifetime tells the others it is alive,
// and a tab that is gone has its unanswered commands adopted by the next tab.
//
// All of it belongs to one event log (`logId`, from the server): a position,
// a guess laid over a position and a command not answered yet mean nothing to
// a database made again from scratch, which counts from 1 again. What a tab
// kept for another log is dropped, and the user told, rather than held against
// this one: a token from the old log would say the read model is behind for
// ever, and its pending orders would show as pending for ever.
import { parseTabState } from '@/app/lib/mutations/stored-input';
import type { ConsistencyScope, OutboxEntry } from './scope';
import { parseStoredSettings, SETTINGS_STORAGE_KEY } from './settings';
import type { Overlay } from './strategies/optimistic-updates';
import { raiseToken } from './sync-timeline';

const TAB_ID_KEY = 'bookstore.tab-id';
const TAB_PREFIX = 'bookstore.tab.';
/** A tab that wrote nothing for this long and holds no lock is gone (a new tab may not hold its lock yet). */
const GONE_AFTER_MS = 3000;

type Resume = (entry: OutboxEntry) => Promise<void>;

function tabId(): string {
  const existing = window.sessionStorage.getItem(TAB_ID_KEY);
  if (existing) return existing;
  const id = crypto.randomUUID();
  window.sessionStorage.setItem(TAB_ID_KEY, id);
  return id;
}

function parseJson(raw: string | null): unknown {
  try {
    return raw === null ? null : JSON.parse(raw);
  } catch {
    return null;
  }
}

const read = (key: string) => parseTabState(parseJson(window.localStorage.getItem(key)));
type TabState = NonNullable<ReturnType<typeof read>>;
/** Unknown on either side (the server could not say this time; a state from before logs were named) counts as the same log. */
const ofLog = (state: TabState | null, logId: string | undefined) => !state || logId === undefined || state.log === undefined || state.log === logId;

/** What this browser kept for another log, told once: it was shown (guesses) or was about to be sent (commands). */
function dropped(states: TabState[]): string | null {
  const guesses = states.reduce((n, s) => n + s.overlays.length, 0);
  const commands = states.reduce((n, s) => n + s.outbox.length, 0);
  if (guesses === 0 && commands === 0) return null;
  const what = [guesses && `${guesses} pending change${guesses === 1 ? '' : 's'}`, commands && `${commands} unanswered command${commands === 1 ? '' : 's'}`].filter(Boolean).join(' and ');
  return `This store was started over: its event log is not the one this browser remembered. ${what} from the old one ${guesses + commands === 1 ? 'was' : 'were'} dropped; none of it is sent to this store.`;
}
const otherTabKeys = (own: string) =>
  Array.from({ length: window.localStorage.length }, (_, i) => window.localStorage.key(i)).filter((k): k is string => k !== null && k.startsWith(TAB_PREFIX) && k !== own);

export function connectBrowserSession(scope: ConsistencyScope, resume: Resume, logId: string | undefined): () => void {
  const id = tabId();
  const ownKey = `${TAB_PREFIX}${id}`;
  let release: (() => void) | undefined;
  void navigator.locks?.request(ownKey, () => new Promise<void>((r) => (release = r)));

  const now = performance.now();
  const foreign = (tab: string, overlays: Overlay[]) => overlays.map((o) => ({ ...o, tab }));
  const mine = scope.optimistic.overlays.get().filter((o) => !o.tab);
  const kept = [ownKey, ...otherTabKeys(ownKey)].map((key) => ({ key, state: read(key) }));
  const oldLog = kept.filter(({ state }) => !ofLog(state, logId));
  for (const { key } of oldLog) window.localStorage.removeItem(key);
  const told = dropped(oldLog.map(({ state }) => state!));
  if (told) scope.optimistic.explain(`log-${logId}`, told);
  const current = kept.filter(({ state }) => ofLog(state, logId));
  const restored = current.find(({ key }) => key === ownKey)?.state ?? null;
  const others = current.filter(({ key }) => key !== ownKey);
  // The log this tab's state belongs to: the server's word, or, when it could not say, what the state already said.
  const log = logId ?? restored?.log;
  let token = restored?.token ?? 0;
  for (const { state } of others) token = Math.max(token, state?.token ?? 0);
  scope.timeline.set((s) => raiseToken(s, token, now));
  scope.optimistic.overlays.set([
    ...mine,
    ...(restored?.overlays.filter((o) => !mine.some((m) => m.id === o.id)) ?? []),
    ...others.flatMap(({ key, state }) => (state ? foreign(key.slice(TAB_PREFIX.length), state.overlays) : [])),
  ]);

  // Written only when it changed: every write is a `storage` event in the other tabs, whose
  // stores then notify and write in turn, and two tabs would answer each other for ever.
  // A tab that stops writing is still alive while it holds its lock (adoptGoneTabs).
  let written = '';
  const write = () => {
    const readModelAt = scope.readModelAt.get();
    const state = {
      log,
      token: scope.timeline.get().token,
      // An overlay every view has confirmed can go; one still waiting (or in flight) must survive the reload.
      overlays: scope.optimistic.overlays.get().filter((o) => !o.tab && (o.token === undefined || o.token > readModelAt)).map(({ id, changes, token }) => ({ id, changes, token })),
      outbox: scope.outbox.get(),
    };
    const content = JSON.stringify(state);
    if (content === written) return;
    written = content;
    window.localStorage.setItem(ownKey, JSON.stringify({ ...state, updatedAt: Date.now() }));
  };
  write();
  const unsubscribe = [scope.timeline, scope.optimistic.overlays, scope.outbox].map((store) => store.subscribe(write));

  const onStorage = (e: StorageEvent) => {
    if (e.key === SETTINGS_STORAGE_KEY) return scope.settings.set(parseStoredSettings(e.newValue));
    if (!e.key?.startsWith(TAB_PREFIX) || e.key === ownKey) return;
    const tab = e.key.slice(TAB_PREFIX.length);
    const state = parseTabState(parseJson(e.newValue));
    // A tab still open on the old log (its page from before the start over) is not this one's evidence.
    if (!ofLog(state, log)) return;
    if (state) scope.timeline.set((s) => raiseToken(s, state.token, performance.now()));
    scope.optimistic.overlays.set((list) => {
      const next = state ? foreign(tab, state.overlays) : [];
      // The other tab forgets an overlay its own views confirmed; ours may not have refetched yet, so a committed one stays ours until they do.
      const kept = list.filter((o) => o.tab === tab && o.token !== undefined && !next.some((n) => n.id === o.id)).map(({ tab: _tab, ...own }) => own);
      return [...list.filter((o) => o.tab !== tab), ...kept, ...next];
    });
  };
  window.addEventListener('storage', onStorage);
  const leaving = () => (scope.leaving = true);
  window.addEventListener('pagehide', leaving);
  window.addEventListener('beforeunload', leaving);

  // Commands this tab sent before it reloaded, then those of tabs that are gone.
  for (const entry of restored?.outbox ?? []) void resume(entry);
  void adoptGoneTabs(others, scope, resume);

  return () => {
    for (const u of unsubscribe) u();
    window.removeEventListener('storage', onStorage);
    window.removeEventListener('pagehide', leaving);
    window.removeEventListener('beforeunload', leaving);
    release?.();
  };
}

async function adoptGoneTabs(others: { key: string; state: ReturnType<typeof read> }[], scope: ConsistencyScope, resume: Resume) {
  if (!navigator.locks) return;
  const held = new Set(((await navigator.locks.query()).held ?? []).map((l) => l.name));
  for (const { key, state } of others) {
    if (held.has(key) || (state && Date.now() - state.updatedAt < GONE_AFTER_MS)) continue;
    window.localStorage.removeItem(key);
    if (!state) continue;
    const tab = key.slice(TAB_PREFIX.length);
    // Its overlays become this tab's own, and its unanswered commands are sent again from here.
    scope.optimistic.overlays.set((list) => [...list.filter((o) => o.tab !== tab), ...state.overlays]);
    for (const entry of state.outbox) void resume(entry);
  }
}
