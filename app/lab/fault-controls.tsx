'use client';

// The Lab's faults, each beside the line that says what to watch. They act on
// the real pipeline (server/lab/): the projector, the command path, the push to
// browsers, the worker process and Redis.
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { apiSend } from '@/app/lib/api-fetch';
import { useLabSettings, useUpdateLab } from '@/app/lib/queries/lab';
import type { LabSettingsView, ProjectionStatus, RedisStopped, WorkerKilled } from '@/server/contracts/api';

type NumericKnob = 'jitterMs' | 'failAfterMs' | 'holdNextAppendMs' | 'dropPushes' | 'duplicatePushes' | 'reorderPushes';

const KNOBS: { key: NumericKnob; label: string; unit: 'ms' | 'pushes' | 'ms, next command'; watch: string }[] = [
  { key: 'jitterMs', label: 'Delay jitter', unit: 'ms', watch: 'Each event waits the delay plus or minus this; panes settle at different times, never out of order.' },
  { key: 'failAfterMs', label: 'Fail after', unit: 'ms', watch: 'With “Fail next command”, the failure answers this late: the optimistic pane shows the order, then rolls it back with the reason.' },
  { key: 'dropPushes', label: 'Drop pushes', unit: 'pushes', watch: 'The live pane misses them, notices the gap at the next push (or the worker’s repeat a second later) and refetches everything.' },
  { key: 'duplicatePushes', label: 'Send pushes twice', unit: 'pushes', watch: 'The live pane’s push count goes up twice as fast; what it shows stays right.' },
  { key: 'reorderPushes', label: 'Swap pushes', unit: 'pushes', watch: 'Each is sent after the one that follows it; the newer arrives first, the older one changes nothing.' },
  { key: 'holdNextAppendMs', label: 'Hold next append', unit: 'ms, next command', watch: 'The next command keeps the log locked this long after appending: other commands queue, nothing later is projected, and “waiting on” names the writer.' },
];

export function FaultControls({ status }: { status: ProjectionStatus | undefined }) {
  const lab = useLabSettings(true);
  const update = useUpdateLab();
  // Counts are used up as faults fire: follow them while any is armed.
  const armed = lab.data !== undefined && KNOBS.some((k) => k.key !== 'jitterMs' && k.key !== 'failAfterMs' && lab.data[k.key] > 0);
  useEffect(() => {
    if (!armed) return;
    const timer = setInterval(() => void lab.refetch(), 1000);
    return () => clearInterval(timer);
  }, [armed, lab]);

  const kill = useMutation({ mutationFn: () => apiSend<WorkerKilled>('POST', '/api/lab/kill-worker') });
  const [stopSeconds, setStopSeconds] = useState('5');
  const stop = useMutation({ mutationFn: (ms: number) => apiSend<RedisStopped>('POST', '/api/lab/stop-redis', { ms }) });
  const seconds = Number(stopSeconds);
  const secondsValid = Number.isInteger(seconds) && seconds >= 1 && seconds <= 60;

  if (!lab.data) return <p className="meta">Loading faults…</p>;
  return (
    <section className="card faults" aria-label="Faults">
      <h2>Faults on the real pipeline</h2>
      <p className="meta">Each acts on the projector, the command path, the push to browsers, the worker or Redis itself; counts are used up as the faults fire.</p>
      <ul className="fault-list">
        {KNOBS.map((knob) => (
          <li key={knob.key}>
            <NumberKnob
              label={knob.label}
              unit={knob.unit}
              value={lab.data[knob.key]}
              max={knob.unit === 'pushes' ? 1000 : 60_000}
              onSave={(value) => update.mutate({ [knob.key]: value } as Partial<LabSettingsView>)}
            />
            <span className="meta">{knob.watch}</span>
          </li>
        ))}
        <li>
          <div className="row">
            <button className="secondary" disabled={kill.isPending} onClick={() => kill.mutate()}>
              Kill active worker
            </button>
          </div>
          <span className="meta">
            {kill.data ? `Killed worker ${kill.data.killed.pid}. ` : ''}
            The active worker exits hard; the standby takes over within a second (the active worker line above changes) and projects from the checkpoint: nothing lost, nothing twice.
          </span>
        </li>
        <li>
          <div className="row">
            <label>
              Stop Redis for (s)
              <input type="number" min={1} max={60} value={stopSeconds} onChange={(e) => setStopSeconds(e.target.value)} style={{ width: '4.5rem' }} />
            </label>
            <button className="secondary" disabled={!secondsValid || stop.isPending} onClick={() => stop.mutate(seconds * 1000)}>
              Stop Redis
            </button>
          </div>
          <span className="meta">
            {stop.data ? `Redis answers nobody until ${new Date(stop.data.until).toLocaleTimeString()}. ` : ''}
            Reads fall back to Postgres and their badges say “primary”; then Redis answers again and service goes back to the read models.
          </span>
        </li>
      </ul>
      {status?.waitingOn && (
        <p className="notice bad" data-testid="lab-waiting-on">
          Waiting on: {status.waitingOn.reason} ({status.waitingOn.heldMs} ms, {status.waitingOn.writersQueued} writer(s) queued).
        </p>
      )}
      {status?.readModel === 'unavailable' && (
        <p className="notice bad" data-testid="lab-redis-down">
          Redis is not answering: every read is served from Postgres.
        </p>
      )}
      {[update.error, kill.error, stop.error].map((e, i) => e && <p key={i} className="notice bad">{e.message}</p>)}
    </section>
  );
}

function NumberKnob({ label, unit, value, max, onSave }: { label: string; unit: string; value: number; max: number; onSave: (value: number) => void }) {
  const [text, setText] = useState(String(value));
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setText(String(value));
  }, [value, editing]);
  const save = () => {
    setEditing(false);
    const n = Number(text);
    if (Number.isInteger(n) && n >= 0 && n <= max && n !== value) onSave(n);
    else setText(String(value));
  };
  return (
    <label>
      {label} ({unit})
      <input
        type="number"
        min={0}
        max={max}
        value={text}
        onFocus={() => setEditing(true)}
        onChange={(e) => setText(e.target.value)}
        onBlur={save}
        onKeyDown={(e) => e.key === 'Enter' && save()}
        style={{ width: '6rem' }}
      />
    </label>
  );
}
