import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="card">
      <h1>Not found</h1>
      <p className="meta">There is nothing at this address.</p>
      <Link href="/">Back to the catalog</Link>
    </div>
  );
}
