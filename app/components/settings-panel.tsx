'use client';

import { useRef } from 'react';
import { combinationLabel, COMBINATION_RULES, STRATEGIES_FOR_PEOPLE } from '@/app/lib/consistency/compose';
import { useHydrated } from '@/app/lib/consistency/use-consistent-query';
import { useScope, useScopeSettings } from '@/app/lib/consistency/scope-provider';
import { useProjectionStatus } from '@/app/lib/queries/projection-status';
import { LabControls } from './lab-controls';
import { SignOutButton } from './sign-out-button';

export const SETTINGS_DIALOG_ID = 'settings-dialog';

/** Which strategies this tab runs, on every page, with a way to change them. */
export function ActiveStrategies() {
  const settings = useScopeSettings();
  const hydrated = useHydrated();
  return (
    <span className="active-strategies" data-testid="active-strategies">
      Strategies: <strong>{hydrated ? combinationLabel(settings) : '…'}</strong>{' '}
      <button className="link" onClick={() => (document.getElementById(SETTINGS_DIALOG_ID) as HTMLDialogElement | null)?.showModal()}>
        change
      </button>
    </span>
  );
}

/** The header's "Settings" button and the panel it opens: strategies for everyone, lab knobs for admins. */
export function SettingsButton({ isAdmin, signedIn }: { isAdmin: boolean; signedIn: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button className="secondary" onClick={() => dialog.current?.showModal()}>
        Settings
      </button>
      <dialog ref={dialog} id={SETTINGS_DIALOG_ID} className="settings" aria-labelledby="settings-title" onClick={(e) => e.target === dialog.current && dialog.current?.close()}>
        <div className="settings-body">
          <div className="view-head">
            <h2 id="settings-title">Consistency strategies</h2>
            <button className="link" onClick={() => dialog.current?.close()} aria-label="Close settings">
              Close
            </button>
          </div>
          <p className="meta">
            Reads come from Redis read models that lag behind the writes in Postgres. Each strategy hides or exposes that lag in
            its own way; combine them freely. With all off you see the raw lag (eventual consistency).
          </p>
          <StrategyToggles />
          <CombinationRules />
          <h2>Lab</h2>
          {isAdmin ? <LabControls /> : <LabReadOnly />}
          {signedIn && (
            <p className="settings-sign-out">
              <SignOutButton />
            </p>
          )}
        </div>
      </dialog>
    </>
  );
}

function StrategyToggles() {
  const scope = useScope();
  const settings = useScopeSettings();
  return (
    <ul className="strategies">
      {STRATEGIES_FOR_PEOPLE.map((s) => (
        <li key={s.key}>
          <label className="checkbox">
            <input type="checkbox" checked={settings[s.key]} onChange={(e) => scope.setStrategy(s.key, e.target.checked)} />
            <strong>{s.label}</strong>
          </label>
          <p className="meta">
            {s.guarantee}
            <br />
            <em>Cost:</em> {s.cost} <em>Pick it when:</em> {s.pickWhen}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** What each combination means, as compose.ts applies it. */
export function CombinationRules() {
  return (
    <details className="rules">
      <summary>How strategies combine</summary>
      <dl>
        {COMBINATION_RULES.map((r) => (
          <div key={r.when}>
            <dt>{r.when}</dt>
            <dd>{r.then}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

function LabReadOnly() {
  const { data } = useProjectionStatus();
  return (
    <p className="meta" data-testid="lab-readonly">
      Projection delay: <strong>{data?.delayMs ?? '…'} ms</strong> · projector <strong>{data?.paused ? 'paused' : 'running'}</strong>.
      Only admins can change these.
    </p>
  );
}
