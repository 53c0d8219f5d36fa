import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

/**
 * Exclusive ownership of the embedded database's data directory. PGlite has no lock of its own and two
 * writers on one directory silently lose commits, so a second process must refuse to start.
 */
export class DataDirLock {
  private constructor(private readonly file: string) {}

  static acquire(dir: string): DataDirLock {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'hanko.lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o600);
        writeFileSync(fd, String(process.pid));
        closeSync(fd);
        return new DataDirLock(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const pid = Number(readFileSync(file, 'utf8').trim());
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
          throw new Error(
            `the data directory ${path.resolve(dir)} is in use by process ${pid}; the embedded database allows one process only`,
          );
        }
        unlinkSync(file); // stale lock of a process that is gone
      }
    }
    throw new Error(`cannot lock the data directory ${path.resolve(dir)}`);
  }

  release(): void {
    try {
      if (existsSync(this.file) && readFileSync(this.file, 'utf8').trim() === String(process.pid))
        unlinkSync(this.file);
    } catch {
      // nothing left to clean up
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The secret generated once for a zero-configuration start, kept in the data directory (mode 0600). */
export function loadOrCreateSecret(dir: string): { secret: string; created: boolean } {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'secret');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 16) return { secret, created: false };
  }
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { secret, created: true };
}
