'use client';

import { useState } from 'react';
import { ApiRequestError, apiSend } from '@/app/lib/api-fetch';

export function LoginForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="form"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        setBusy(true);
        setError(null);
        try {
          await apiSend('POST', '/api/session', { email: form.get('email'), password: form.get('password') });
          // A full navigation, so the server-rendered header picks up the new session.
          window.location.assign(next);
        } catch (err) {
          setError(err instanceof ApiRequestError ? err.message : 'Sign-in failed.');
          setBusy(false);
        }
      }}
    >
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required defaultValue="" />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p className="notice bad" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
