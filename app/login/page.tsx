import type { Metadata } from 'next';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  // Only same-site paths: never bounce a user to another site after sign-in.
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
  return (
    <div className="card" style={{ maxWidth: 420, margin: '2rem auto' }}>
      <h1>Sign in</h1>
      <LoginForm next={target} />
      <div className="accounts">
        <p>Demo accounts, all with password <code>bookstore</code>:</p>
        <ul>
          <li>
            <code>admin@example.com</code> (admin: add books, change prices, lab controls)
          </li>
          <li>
            <code>alice@example.com</code> (customer)
          </li>
          <li>
            <code>bob@example.com</code> (customer)
          </li>
        </ul>
      </div>
    </div>
  );
}
