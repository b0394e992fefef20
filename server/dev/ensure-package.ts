// On a fresh machine the services we need may be missing. As root with apt we
// install Debian's package and say so; otherwise we stop and name it.
import { execFileSync, spawnSync } from 'node:child_process';

let aptUpdated = false;

function hasApt(): boolean {
  return spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

export function ensureDebianPackage(find: () => string | null, pkg: string, log: (m: string) => void): string {
  const found = find();
  if (found) return found;
  if (process.getuid?.() !== 0 || !hasApt()) {
    throw new Error(`${pkg} is not installed. Install it (Debian/Ubuntu: sudo apt-get install -y ${pkg}), or set DATABASE_URL and REDIS_URL to services you run yourself.`);
  }
  log(`${pkg} is missing: installing it with apt-get (once per machine)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
    aptUpdated = true;
  }
  execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', pkg], { stdio: 'inherit', env });
  const installed = find();
  if (!installed) throw new Error(`apt-get installed ${pkg} but its program is still not found`);
  return installed;
}

export function which(command: string): string | null {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}
