import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { freePort, runCli, spawnCli, tempDir, waitForHttp } from '../helpers/cli.ts';

/** Zero-configuration start on the embedded database: keys, readiness, restart, lock, graceful stop. */
describe('hanko serve all on the embedded database (no configuration)', async () => {
  const cwd = tempDir();
  const pub = await freePort();
  const adm = await freePort();
  const env = { SERVER_PUBLIC_ADDRESS: `127.0.0.1:${pub}`, SERVER_ADMIN_ADDRESS: `127.0.0.1:${adm}` };
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  });

  const start = async () => {
    const child = spawnCli(['serve', 'all'], { cwd, env });
    children.push(child);
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
    });
    child.stderr?.on('data', (d) => {
      out += d;
    });
    await waitForHttp(`http://127.0.0.1:${adm}/health/ready`, 20_000).catch((err) => {
      throw new Error(`${err.message}\n${out}`);
    });
    return { child, output: () => out };
  };
  const stop = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  const kid = async () => {
    const res = await fetch(`http://127.0.0.1:${pub}/.well-known/jwks.json`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'max-age=600');
    const body = (await res.json()) as { keys: Array<Record<string, string>> };
    assert.ok(body.keys.length >= 1);
    const key = body.keys[0]!;
    assert.equal(key.kty, 'RSA');
    assert.equal(key.alg, 'RS256');
    assert.equal(key.use, 'sig');
    assert.equal(key.d, undefined, 'no private parts are published');
    return key.kid;
  };

  let firstKid: string | undefined;

  await it('starts, publishes a signing key and is ready', async () => {
    const { child, output } = await start();
    firstKid = await kid();
    const alive = await fetch(`http://127.0.0.1:${pub}/health/alive`);
    assert.deepEqual(await alive.json(), { alive: true });
    assert.match(output(), /generated a random secret/);
    const notFound = await fetch(`http://127.0.0.1:${pub}/nope`);
    assert.equal(notFound.status, 404);
    assert.deepEqual(await notFound.json(), { code: 404, message: 'Not Found' });
    assert.ok(notFound.headers.get('x-request-id'));

    // A second process on the same data directory refuses to start.
    const second = await runCli(['serve', 'all'], {
      cwd,
      env: { SERVER_PUBLIC_ADDRESS: '127.0.0.1:0', SERVER_ADMIN_ADDRESS: '127.0.0.1:0' },
    });
    assert.notEqual(second.code, 0);
    assert.match(second.stderr, /is in use by process \d+/);

    assert.equal(await stop(child), 0, 'SIGTERM stops with exit code 0');
  });

  await it('reuses the same key after a restart', async () => {
    const { child } = await start();
    assert.equal(await kid(), firstKid);
    assert.equal(await stop(child), 0);
  });
});
