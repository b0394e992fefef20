'use client';

import { useEffect, useState } from 'react';
import { useLabSettings, useUpdateLab } from '@/app/lib/queries/lab';

/** Admin knobs that make the lag visible: slow the projector, pause it, make the next command fail. */
export function LabControls() {
  const { data } = useLabSettings(true);
  const update = useUpdateLab();
  const [delay, setDelay] = useState('');
  useEffect(() => {
    if (data) setDelay(String(data.delayMs));
  }, [data]);
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
        <input type="checkbox" checked={data.paused} onChange={(e) => update.mutate({ paused: e.target.checked })} />
        Pause projector
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={data.failNextCommand} onChange={(e) => update.mutate({ failNextCommand: e.target.checked })} />
        Fail next command
      </label>
      {update.error && <p className="notice bad">{update.error.message}</p>}
    </div>
  );
}
