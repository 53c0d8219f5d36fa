/**
 * `npm run bench`: how fast, measured against baselines taken in the same run on the same machine.
 *   --db pglite|postgres|mysql   database (default: the embedded pglite); --url URL for postgres/mysql
 *   --seconds N (10) --reps N (3) --users N (100000) --quick (2 s, 1 rep, 5000 users: a smoke run)
 * Prints a table and writes bench/results.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import knexFactory from 'knex';
import { buildConfig } from '../src/config/load.ts';
import { createPasswordHasher } from '../src/crypto/password.ts';
import { bootstrap } from '../src/main.ts';
import { openDatabase } from '../src/persistence/db.ts';
import { migrateUp } from '../src/persistence/migrate.ts';
import { issueSession } from '../src/sessions/issue.ts';
import { createLogger } from '../src/util/logger.ts';
import { freePort, waitForHttp } from '../test/helpers/cli.ts';
import { startSmtp } from '../test/helpers/smtp-inbox.ts';
import { measureCrypto } from './crypto.ts';
import { runAutocannon } from './http.ts';
import { runLoop } from './loop.ts';
import { seedPasskeys } from './passkeys.ts';
import { flowScenarios } from './scenarios.ts';
import { seedUsers } from './seed.ts';
import { median, type RunResult, round } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'pglite' },
    url: { type: 'string' },
    seconds: { type: 'string', default: '10' },
    reps: { type: 'string', default: '3' },
    users: { type: 'string', default: '100000' },
    quick: { type: 'boolean', default: false },
  },
});
const quick = args.quick;
const seconds = quick ? 2 : Number(args.seconds);
const reps = quick ? 1 : Number(args.reps);
const userCount = quick ? 5000 : Number(args.users);
const warmup = 1;
const dialect = args.db as 'pglite' | 'postgres' | 'mysql';
const root = path.resolve(new URL('..', import.meta.url).pathname);
const work = mkdtempSync(path.join(os.tmpdir(), 'hanko-bench-'));
const SECRET = 'bench-secret-0123456789abcdef';
const PASSWORD = 'bench-password-123';
const log = (s: string) => process.stderr.write(`${s}\n`);

const serverUrl =
  (dialect === 'postgres'
    ? (args.url ?? process.env.TEST_POSTGRES_URL)
    : dialect === 'mysql'
      ? (args.url ?? process.env.TEST_MYSQL_URL)
      : undefined) ?? '';
if (dialect !== 'pglite' && !serverUrl)
  throw new Error(`--db ${dialect} needs --url (or TEST_${dialect.toUpperCase()}_URL)`);

async function freshServerDatabase(): Promise<string> {
  const u = new URL(serverUrl);
  const name = 'hanko_bench';
  const admin = knexFactory({ client: dialect === 'postgres' ? 'pg' : 'mysql2', connection: serverUrl });
  const q = dialect === 'postgres' ? (s: string) => `"${s}"` : (s: string) => `\`${s}\``;
  await admin.raw(`drop database if exists ${q(name)}${dialect === 'postgres' ? ' with (force)' : ''}`);
  await admin.raw(`create database ${q(name)}`);
  await admin.destroy();
  u.pathname = `/${name}`;
  return u.toString();
}

const ports = { pub: await freePort(), adm: await freePort() };
const smtp = await startSmtp();
const dbUrl = dialect === 'pglite' ? '' : await freshServerDatabase();
const env: Record<string, string> = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  SECRETS_KEYS: SECRET,
  SERVER_PUBLIC_ADDRESS: `127.0.0.1:${ports.pub}`,
  SERVER_ADMIN_ADDRESS: `127.0.0.1:${ports.adm}`,
  EMAIL_DELIVERY_SMTP_HOST: '127.0.0.1',
  EMAIL_DELIVERY_SMTP_PORT: String(smtp.port),
  RATE_LIMITER_ENABLED: 'false',
  AUDIT_LOG_CONSOLE_OUTPUT_ENABLED: 'false',
  MFA_ENABLED: 'false',
  WEBAUTHN_RELYING_PARTY_ORIGINS: 'http://localhost:8888',
  ...(dialect === 'pglite'
    ? { DATABASE_DIALECT: 'pglite', DATABASE_DATA_DIR: path.join(work, 'data') }
    : { DATABASE_URL: dbUrl }),
};
const config = buildConfig({}, env).config;

// 1. Schema and users (before any server holds the embedded database).
log(`preparing ${dialect} with ${userCount} users…`);
let passkeys: Awaited<ReturnType<typeof seedPasskeys>> | undefined;
const t = performance.now();
{
  const db =
    dialect === 'pglite'
      ? await openDatabase({ dialect, dataDir: path.join(work, 'data', 'pgdata') })
      : await openDatabase({ dialect, url: dbUrl });
  await migrateUp(db.knex);
  const hash = await createPasswordHasher(config).hash(PASSWORD);
  const ids = await seedUsers(db.knex, userCount, hash);
  passkeys = await seedPasskeys(db.knex, ids.slice(0, 100));
  await db.close();
}
const seedSeconds = (performance.now() - t) / 1000;

// 2. Session tokens through the same code the server uses.
const runtime = await bootstrap({ env, logger: createLogger({ level: 'warn' }) });
const someUsers: Array<{ id: string }> = await runtime.services.db.knex('users').select('id').limit(100);
const tokens: string[] = [];
for (const u of someUsers.slice(0, 20))
  tokens.push((await issueSession(runtime.services, { userId: u.id, amr: [] })).token);
await runtime.close();

// 3. Crypto limits in-process.
log('measuring crypto limits…');
const cryptoLimits = await measureCrypto(config, quick ? 1 : 3);

function start(cmd: string[], readyUrl: string): Promise<{ child: ChildProcess; coldStartMs: number }> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', path.join(root, 'node_modules/tsx/dist/esm/index.mjs'), ...cmd],
    { cwd: work, env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let err = '';
  child.stderr?.on('data', (d) => {
    err += d;
  });
  return waitForHttp(readyUrl, 30_000).then(
    () => ({ child, coldStartMs: performance.now() - t0 }),
    (e) => {
      child.kill('SIGKILL');
      throw new Error(`${e.message}\n${err}`);
    },
  );
}
const stop = (c: ChildProcess) =>
  new Promise<void>((r) => (c.exitCode !== null ? r() : (c.once('exit', () => r()), c.kill('SIGTERM'))));
const peakRssMb = (pid: number) => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
};

interface Row {
  scenario: string;
  connections: number;
  rate: number;
  p50: number;
  p99: number;
  errors: number;
}
const rows: Row[] = [];
async function measure(scenario: string, connections: number, once: () => Promise<RunResult>) {
  const results: RunResult[] = [];
  for (let i = 0; i < reps; i++) results.push(await once());
  const row = {
    scenario,
    connections,
    rate: median(results.map((r) => r.rate)),
    p50: median(results.map((r) => r.p50)),
    p99: median(results.map((r) => r.p99)),
    errors: results.reduce((a, r) => a + r.errors, 0),
  };
  rows.push(row);
  log(
    `  ${scenario} c=${connections}: ${round(row.rate)}/s p50 ${round(row.p50, 2)} ms p99 ${round(row.p99, 2)} ms`,
  );
}
const http = (url: string, connections: number, headers?: Record<string, string>) => () =>
  runAutocannon({ url, connections, seconds, warmup: 0, ...(headers ? { headers } : {}) });
const loop = (fn: (w: number, n: number) => Promise<number | undefined>, connections: number) => () =>
  runLoop(fn, { connections, seconds, warmup });
const CONNS = [10, 100];

// 4. Baseline: the same middleware stack without the work, on the same database.
log('baseline…');
{
  const { child } = await start(
    [path.join(root, 'bench/baseline-server.ts')],
    `http://127.0.0.1:${ports.pub}/baseline`,
  );
  const id = someUsers[0]?.id ?? '';
  for (const c of CONNS) {
    await runAutocannon({
      url: `http://127.0.0.1:${ports.pub}/baseline`,
      connections: c,
      seconds: warmup,
      warmup: 0,
    });
    await measure('baseline: bare Koa stack', c, http(`http://127.0.0.1:${ports.pub}/baseline`, c));
    await measure(
      'baseline: one primary-key query',
      c,
      http(`http://127.0.0.1:${ports.pub}/baseline/query?id=${id}`, c),
    );
  }
  await stop(child);
}

// 5. The server.
log('server…');
const { child: server, coldStartMs } = await start(
  [path.join(root, 'src/cli/main.ts'), 'serve', 'all'],
  `http://127.0.0.1:${ports.adm}/health/ready`,
);
const pub = `http://127.0.0.1:${ports.pub}`;
const adm = `http://127.0.0.1:${ports.adm}`;
for (const c of CONNS) {
  await measure(
    'GET /sessions/validate',
    c,
    http(`${pub}/sessions/validate`, c, { Authorization: `Bearer ${tokens[0]}` }),
  );
  await measure('GET /.well-known/jwks.json', c, http(`${pub}/.well-known/jwks.json`, c));
  await measure('admin GET /users?per_page=100', c, http(`${adm}/users?per_page=100`, c));
  await measure('admin GET /users?email=user4242@', c, http(`${adm}/users?email=user4242%40`, c));
}
const flows = flowScenarios(pub, userCount, smtp, PASSWORD, passkeys);
await measure('flow step: continue_with_login_identifier', 10, loop(flows.flowStep, 10));
await measure('passcode login end to end', 10, loop(flows.passcodeLogin, 10));
try {
  await measure('password login end to end', 10, loop(flows.passwordLogin, 10));
} catch (err) {
  log(`  password login: not measured (${(err as Error).message.slice(0, 160)})`);
}
await measure('passkey login end to end', 10, loop(flows.passkeyLogin, 10));
const rssMb = peakRssMb(server.pid as number);
await stop(server);
await smtp.close();

// 6. Report.
const baseline = (name: string, c: number) =>
  rows.find((r) => r.scenario === name && r.connections === c)?.rate ?? Number.NaN;
const ratioBase = (r: Row) =>
  r.scenario.startsWith('baseline')
    ? ''
    : round(r.rate / baseline('baseline: one primary-key query', r.connections), 2);
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const lines = [
  `Database: ${dialect}; ${userCount} users; ${seconds} s × ${reps} runs per row (median); machine: ${machine}`,
  '',
  '| Scenario | Conns | ops/s | p50 ms | p99 ms | errors | × baseline (1 query) |',
  '|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.scenario} | ${r.connections} | ${round(r.rate)} | ${round(r.p50, 2)} | ${round(r.p99, 2)} | ${r.errors} | ${ratioBase(r)} |`,
  ),
  '',
  '| Limit (in-process, same run) | ops/s |',
  '|---|---|',
  ...Object.entries(cryptoLimits).map(([k, v]) => `| ${k} | ${round(v)} |`),
  '',
  `Cold start to /health/ready: ${round(coldStartMs, 0)} ms; server peak RSS: ${round(rssMb, 0)} MB; seeding: ${round(seedSeconds, 1)} s`,
];
const pw = rows.find((r) => r.scenario === 'password login end to end');
if (pw)
  lines.push(
    `Password login: ${round(pw.rate / cryptoLimits.argon2idVerify, 2)} × the argon2id verify limit (target ≥ 0.9)`,
  );
const pk = rows.find((r) => r.scenario === 'passkey login end to end');
if (pk)
  lines.push(
    `Passkey login: ${round(pk.rate / cryptoLimits.webauthnAssertionVerify, 2)} × the WebAuthn assertion verify limit`,
  );
const validate = rows.find((r) => r.scenario === 'GET /sessions/validate' && r.connections === 10);
if (validate)
  lines.push(
    `Session validation: ${round(validate.rate / baseline('baseline: one primary-key query', 10), 2)} × the one-query baseline at 10 connections (target ≥ 0.8)`,
  );
console.log(lines.join('\n'));
writeFileSync(
  path.join(root, 'bench/results.json'),
  `${JSON.stringify({ date: new Date().toISOString(), machine, dialect, users: userCount, seconds, reps, rows, cryptoLimits, coldStartMs, peakRssMb: rssMb, seedSeconds }, null, 2)}\n`,
);
rmSync(work, { recursive: true, force: true });
process.exit(0);
