/**
 * `npm test`: builds the database templates once, then runs every test file with Node's test runner.
 * Databases: the embedded PGlite always; PostgreSQL and MySQL/MariaDB when TEST_POSTGRES_URL and
 * TEST_MYSQL_URL are set. Arguments narrow the files (substring match), e.g. `npm test -- config`.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureTemplates, testDialects } from './helpers/db.ts';

const root = path.dirname(new URL(import.meta.url).pathname);

function findTests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'helpers' ? [] : findTests(p);
    return name.endsWith('.test.ts') ? [p] : [];
  });
}

const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const files = findTests(root)
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

const dialects = testDialects();
console.log(`databases under test: ${dialects.join(', ')}`);
if (!process.env.TEST_POSTGRES_URL) console.log('  (set TEST_POSTGRES_URL to also run on PostgreSQL)');
if (!process.env.TEST_MYSQL_URL) console.log('  (set TEST_MYSQL_URL to also run on MySQL/MariaDB)');
await ensureTemplates(dialects);

const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
    ...files,
  ],
  { stdio: 'inherit', env: process.env },
);
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
