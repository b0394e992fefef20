'use client';

import Link from 'next/link';
import { useState } from 'react';
import { parseDollars } from '@/app/lib/format';
import { useAddBook } from '@/app/lib/mutations/commands';

export function AddBookForm() {
  const add = useAddBook();
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const priceCents = parseDollars(String(form.get('price') ?? ''));
        const stock = Number(form.get('stock'));
        if (priceCents === null || priceCents <= 0) return setProblem('Enter a price like 12.99.');
        if (!Number.isInteger(stock) || stock < 0) return setProblem('Stock must be a whole number, 0 or more.');
        setProblem(null);
        add.mutate({ title: String(form.get('title') ?? ''), author: String(form.get('author') ?? ''), priceCents, stock });
      }}
    >
      <label>
        Title
        <input name="title" required maxLength={200} />
      </label>
      <label>
        Author
        <input name="author" required maxLength={120} />
      </label>
      <div className="row">
        <label>
          Price (USD)
          <input name="price" inputMode="decimal" required placeholder="12.99" style={{ width: '8rem' }} />
        </label>
        <label>
          Stock
          <input name="stock" type="number" min={0} required defaultValue={10} style={{ width: '6rem' }} />
        </label>
      </div>
      <button type="submit" disabled={add.isPending}>
        Add book
      </button>
      {problem && <p className="notice bad">{problem}</p>}
      {add.error && <p className="notice bad">{add.error.message}</p>}
      {add.isSuccess && (
        <p className="notice good">
          Added at position {add.data.position}. <Link href={`/books/${add.data.bookId}?after=${add.data.position}`}>Open it</Link> (it appears once projected).
        </p>
      )}
    </form>
  );
}
