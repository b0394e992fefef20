// Playwright drives Debian's Chromium; it never downloads a browser of its own.
import fs from 'node:fs';
import { ensureDebianPackage } from './ensure-package';

const CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'];

export function chromiumPath(): string | null {
  return CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
}

export function ensureChromium(log: (m: string) => void = console.log): string {
  return ensureDebianPackage(chromiumPath, 'chromium', log);
}
