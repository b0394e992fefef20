'use client';

import { useEffect, useState } from 'react';
import { useLabSettings, useUpdateLab } from '@/app/lib/queries/lab';

/** Admin knobs that make the lag visible: slow the projector, pause it, make the next command fail. */
export function LabControls() {
  const { data } = useLabSettings(true);
  const update = useUpdateLab();
  const [delay, setDelay] = useState('');
  // Checkboxes answer the click at once; the server's answer then replaces these.
  const [paused, setPaused] = useState(false);
  const [failNext, setFailNext] = useState(false);
  // While a change is in flight, an earlier answer must not flip a box back.
  const pending = update.isPending;
  useEffect(() => {
    if (!data || pending) return;
    setDelay(String(data.delayMs));
    setPaused(data.paused);
    setFailNext(data.failNextCommand);
  }, [data, pending]);
  if (!data) return <p className="meta">Loading lab settings…</p>;
  const saveDelay = () => {
    const ms = Number(delay);
    if (Number.isInteger(ms) && ms >= 0 && ms !== data.delayMs) update.mutate({ delayMs: ms });
  };
  return (
    <div className="form">
      <div className="row">
        <label>
          Projection delay (ms)
          <input
            type="number"
            min={0}
            max={60000}
            step={100}
            value={delay}
            onChange={(e) => setDelay(e.target.value)}
            onBlur={saveDelay}
            onKeyDown={(e) => e.key === 'Enter' && saveDelay()}
          />
        </label>
        <button className="secondary" onClick={saveDelay}>
          Apply delay
        </button>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={paused}
          onChange={(e) => {
            setPaused(e.target.checked);
            update.mutate({ paused: e.target.checked });
          }}
        />
        Pause projector
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={failNext}
          onChange={(e) => {
            setFailNext(e.target.checked);
            update.mutate({ failNextCommand: e.target.checked });
          }}
        />
        Fail next command
      </label>
      {update.error && <p className="notice bad">{update.error.message}</p>}
    </div>
  );
}
