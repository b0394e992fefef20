import Link from 'next/link';
import { getCurrentUser } from '@/server/auth/current-user';
import { ProjectionStrip } from './projection-strip';
import { ActiveStrategies, SettingsButton } from './settings-panel';
import { SignOutButton } from './sign-out-button';

export async function Header() {
  const user = await getCurrentUser();
  return (
    <header className="site-header">
      <div className="bar">
        <Link href="/" className="brand">
          Bookstore <span>CQRS</span>
        </Link>
        <nav className="nav" aria-label="Main">
          <Link href="/">Catalog</Link>
          {user?.role === 'customer' && <Link href="/orders">My orders</Link>}
          <Link href="/lab">Lab</Link>
          {user?.role === 'admin' && <Link href="/admin">Admin</Link>}
        </nav>
        <div className="header-right">
          <SettingsButton isAdmin={user?.role === 'admin'} signedIn={user !== null} />
          {user ? (
            <>
              <span className="who">
                {user.name}
                <span className="role">{user.role}</span>
              </span>
              <span className="header-sign-out">
                <SignOutButton />
              </span>
            </>
          ) : (
            <Link href="/login" className="button">
              Sign in
            </Link>
          )}
        </div>
      </div>
      <div className="bar sub-bar">
        <ProjectionStrip />
        <ActiveStrategies />
      </div>
    </header>
  );
}
