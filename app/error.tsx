'use client';

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="card">
      <h1>Something went wrong</h1>
      <p className="meta">The page could not be shown. Your data is safe: nothing is written by showing a page.</p>
      <button onClick={reset}>Try again</button>
    </div>
  );
}
