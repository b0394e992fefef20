'use client';

// The tail of the event log with the projector's checkpoint moving along it:
// everything right of the marker is committed but not in the read model yet.
// That gap is the lag every pane is living with.
import { useQuery } from '@tanstack/react-query';
import type { EventLogTail } from '@/server/contracts/api';
import { apiGet } from '@/app/lib/api-fetch';

const TAIL = 16;

export function EventLogStrip() {
  const { data, error } = useQuery({
    queryKey: ['lab', 'log'],
    queryFn: () => apiGet<EventLogTail>(`/api/lab/log?limit=${TAIL}`),
    refetchInterval: 400,
  });
  if (error) return <p className="notice bad">{error.message}</p>;
  if (!data) return <p className="meta">Loading the event log…</p>;
  const checkpoint = data.checkpoint ?? 0;
  const events = [...data.events].sort((a, b) => a.position - b.position);
  const behind = events.filter((e) => e.position > checkpoint).length;
  return (
    <section className="card" aria-label="Event log">
      <div className="view-head">
        <h2>Event log</h2>
        <span className="meta" data-testid="log-positions">
          log head <strong>{data.headPosition}</strong> · read model at <strong>{data.checkpoint ?? 'unavailable'}</strong>
          {behind > 0 ? ` · ${behind} not projected yet` : ' · caught up'}
        </span>
      </div>
      <ol className="event-log">
        {events.map((e) => {
          const projected = e.position <= checkpoint;
          return (
            <li key={e.position} className={projected ? 'projected' : 'waiting'} title={`${e.type} at ${e.position}, committed ${e.occurredAt}`}>
              <span className="ev-pos">{e.position}</span>
              <span className="ev-type">{e.type.replace(/^(Book|Order)/, '$1 ')}</span>
              <span className="ev-age">{age(e.occurredAt)}</span>
              {e.position === checkpoint && <span className="ev-checkpoint">checkpoint</span>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function age(iso: string): string {
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (s < 60) return `${s.toFixed(1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  return `${Math.floor(s / 3600)} h`;
}
