import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { openDatabase } from '../../src/persistence/db.ts';
import { freePort, runCli, spawnCli, tempDir, waitForHttp } from '../helpers/cli.ts';

/** `hanko jwk create`, `hanko jwt create`, `hanko isready` on the embedded database. */
describe('token and readiness commands', () => {
  const dir = tempDir('hanko-cli-tokens-');
  const env = {
    DATABASE_DIALECT: 'pglite',
    DATABASE_DATA_DIR: path.join(dir, 'data'),
    SECRETS_KEYS: 'cli-token-secret-0123456789',
  };
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  });

  it('jwk create prints an RS256 private JWK and stores nothing', async () => {
    const res = await runCli(['jwk', 'create'], { env });
    assert.equal(res.code, 0, res.stderr);
    const jwk = JSON.parse(res.stdout);
    assert.equal(jwk.kty, 'RSA');
    assert.equal(jwk.alg, 'RS256');
    assert.equal(jwk.use, 'sig');
    assert.ok(jwk.d, 'private');
  });

  it('jwt create issues a verifiable session token for an existing user and stores the session', async () => {
    assert.equal((await runCli(['migrate', 'up'], { env })).code, 0);
    const userId = '6f1e7c1a-0000-4000-8000-0000000000aa';
    const db = await openDatabase({ dialect: 'pglite', dataDir: path.join(dir, 'data', 'pgdata') });
    const now = new Date();
    await db.knex('users').insert({ id: userId, created_at: now, updated_at: now });
    await db.close();
    const unknown = await runCli(['jwt', 'create', '6f1e7c1a-0000-4000-8000-0000000000bb'], { env });
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /no user with id/);
    const res = await runCli(['jwt', 'create', userId], { env });
    assert.equal(res.code, 0, res.stderr);
    const token = /^Token: (\S+)$/m.exec(res.stdout)?.[1];
    assert.ok(token, res.stdout);
    assert.match(res.stdout, /JWT payload:/);
    // Verify against the published keys of a server started on the same data directory.
    const pub = await freePort();
    const adm = await freePort();
    const server = spawnCli(['serve', 'all'], {
      cwd: dir,
      env: { ...env, SERVER_PUBLIC_ADDRESS: `127.0.0.1:${pub}`, SERVER_ADMIN_ADDRESS: `127.0.0.1:${adm}` },
    });
    children.push(server);
    await waitForHttp(`http://127.0.0.1:${adm}/health/ready`, 30_000);
    const jwks = await (await fetch(`http://127.0.0.1:${pub}/.well-known/jwks.json`)).json();
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { algorithms: ['RS256'] });
    assert.equal(payload.sub, userId);
    const valid = await fetch(`http://127.0.0.1:${pub}/sessions/validate`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(((await valid.json()) as { is_valid: boolean }).is_valid, true, 'the session row exists');

    const ready = await runCli(['isready', 'admin'], {
      env: { ...env, SERVER_ADMIN_ADDRESS: `127.0.0.1:${adm}` },
    });
    assert.equal(ready.code, 0, ready.stderr);
    await new Promise<void>((r) => {
      server.once('exit', () => r());
      server.kill('SIGTERM');
    });
    const notReady = await runCli(['isready', 'admin'], {
      env: { ...env, SERVER_ADMIN_ADDRESS: `127.0.0.1:${adm}` },
    });
    assert.notEqual(notReady.code, 0);
  });
});
