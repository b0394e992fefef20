// The anomaly matrix from the last `npm run matrix` (docs/anomaly-matrix.md),
// beside the live checks each pane runs on its own history.
import { ANOMALIES } from '@/app/lib/lab/anomalies';
import { cellText, type AnomalyMatrix } from '@/app/lib/lab/anomaly-matrix';
import recorded from './anomaly-matrix.json';

const matrix = recorded as AnomalyMatrix;

export function MatrixTable() {
  return (
    <section className="card" aria-label="Anomaly matrix">
      <h2>The anomaly matrix</h2>
      <p className="meta">
        Recorded by <code>npm run matrix</code> at commit <code>{matrix.commit}</code>: each strategy in a Lab pane, or a browser, of its own under {matrix.scenarios.length} scenarios (
        {matrix.scenarios.map((s) => s.scenario).join(', ')}), every view&apos;s history judged by the checker each pane also runs live above. “n/a”: nothing in the histories could show it.
      </p>
      <div className="table-scroll">
        <table className="matrix">
          <thead>
            <tr>
              <th scope="col">Strategy</th>
              {ANOMALIES.map((a) => (
                <th key={a.kind} scope="col" title={a.means}>
                  {a.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.strategies.map((s) => (
              <tr key={s}>
                <th scope="row">{s}</th>
                {ANOMALIES.map((a) => {
                  const cell = matrix.cells[s]![a.kind];
                  return (
                    <td key={a.kind} className={`cell-${cell.kind === 'n/a' ? 'na' : cell.kind}`} title={cell.kind === 'seen' ? cell.example : undefined}>
                      {cellText(cell)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
