'use client';

import { apiSend } from '@/app/lib/api-fetch';

export function SignOutButton() {
  return (
    <button
      className="secondary"
      onClick={async () => {
        await apiSend('DELETE', '/api/session');
        window.location.assign('/');
      }}
    >
      Sign out
    </button>
  );
}
