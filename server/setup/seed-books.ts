// Deterministic, plausible catalog data: the same 520 books on every machine.
const openings = ['The', 'A', 'Beyond the', 'Under the', 'Letters from the', 'Songs of the', 'Return to the', 'Secrets of the', 'Notes on the', 'Last Days of the'];
const adjectives = ['Silent', 'Hidden', 'Northern', 'Burning', 'Forgotten', 'Glass', 'Winter', 'Quiet', 'Scarlet', 'Distant', 'Iron', 'Golden', 'Hollow'];
const nouns = ['Harbor', 'Garden', 'Lighthouse', 'Orchard', 'Archive', 'River', 'Cartographer', 'Observatory', 'Kingdom', 'Meridian', 'Bookbinder', 'Atlas', 'Tide', 'Clockmaker', 'Valley', 'Citadel'];
const firstNames = ['Ada', 'Jonas', 'Mira', 'Tobias', 'Elena', 'Kwame', 'Sofia', 'Hiro', 'Imani', 'Lucas', 'Noor', 'Rafael', 'Greta', 'Ines', 'Omar', 'Priya', 'Samuel', 'Yara', 'Wen', 'Dmitri'];
const lastNames = ['Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Castellanos', 'Abernathy', 'Novak', 'Haddad', 'Whitfield', 'Brennan', 'Sato', 'Ferreira', 'Kowalski', 'Mensah', 'Rossi', 'Achebe', 'Vance', 'Tolkien', 'Marlowe', 'Ibsen'];

export interface SeedBook {
  title: string;
  author: string;
  priceCents: number;
  stock: number;
}

export const SEED_BOOK_COUNT = 520;

export function seedBooks(count = SEED_BOOK_COUNT): SeedBook[] {
  const books: SeedBook[] = [];
  for (let i = 0; i < count; i++) {
    // Strides that are coprime with each list length spread the combinations evenly.
    const title = `${openings[i % openings.length]} ${adjectives[(i * 7) % adjectives.length]} ${nouns[(i * 5 + Math.floor(i / 16)) % nouns.length]}`;
    const edition = Math.floor(i / (openings.length * nouns.length));
    const author = `${firstNames[(i * 3) % firstNames.length]} ${lastNames[(i * 11 + edition) % lastNames.length]}`;
    books.push({
      title: edition > 0 ? `${title}, Book ${edition + 1}` : title,
      author,
      priceCents: 499 + ((i * 137) % 3000),
      stock: 5 + ((i * 17) % 60),
    });
  }
  return books;
}
