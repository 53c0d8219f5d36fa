import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AdminCall, adminClient, seedUser, UNKNOWN_ID } from '../helpers/admin.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/app.ts';
import { testDialects } from '../helpers/db.ts';

/** `{"k":"<value>"}` whose compact JSON is exactly `chars` code points long, built from `unit`. */
const docOfLength = (chars: number, unit = 'a') => ({ k: unit.repeat(chars - '{"k":""}'.length) });

for (const dialect of testDialects()) {
  describe(`admin API: user metadata [${dialect}]`, () => {
    let rt: TestRuntime;
    let call: AdminCall;
    before(async () => {
      rt = await startTestRuntime(dialect);
      call = adminClient(rt.adminUrl);
    });
    after(() => rt.close());

    const newUser = async () =>
      (await seedUser(rt.services.db.knex, { username: `m${Date.now()}${Math.random()}`.replace('.', '') }))
        .id;

    it('answers 204 without metadata', async () => {
      const id = await newUser();
      const res = await call('GET', `/users/${id}/metadata`);
      assert.equal(res.status, 204);
      assert.equal(res.text, '');
    });

    it('merge-patches nested objects; null deletes a key; {} and unknown keys change nothing', async () => {
      const id = await newUser();
      const p1 = await call('PATCH', `/users/${id}/metadata`, {
        public_metadata: { role: 'admin', prefs: { theme: 'dark', lang: 'en' }, tags: ['a', 'b'] },
        private_metadata: { note: 'vip' },
        other: { ignored: true },
      });
      assert.equal(p1.status, 200);
      assert.deepEqual(p1.body, {
        public_metadata: { role: 'admin', prefs: { theme: 'dark', lang: 'en' }, tags: ['a', 'b'] },
        private_metadata: { note: 'vip' },
      });
      const p2 = await call('PATCH', `/users/${id}/metadata`, {
        public_metadata: { role: null, prefs: { lang: null, font: 'mono' }, tags: ['c'] },
        private_metadata: {},
        unsafe_metadata: { seen: 1 },
      });
      assert.deepEqual(p2.body, {
        public_metadata: { prefs: { theme: 'dark', font: 'mono' }, tags: ['c'] },
        private_metadata: { note: 'vip' },
        unsafe_metadata: { seen: 1 },
      });
      const p3 = await call('PATCH', `/users/${id}/metadata`, {
        private_metadata: null,
        unsafe_metadata: { seen: null },
      });
      assert.deepEqual(p3.body, { public_metadata: { prefs: { theme: 'dark', font: 'mono' }, tags: ['c'] } });
      assert.deepEqual((await call('GET', `/users/${id}/metadata`)).body, p3.body);
      const stored = await rt.services.db.knex('user_metadata').where({ user_id: id }).first();
      assert.equal(
        stored.public_metadata,
        '{"prefs":{"theme":"dark","font":"mono"},"tags":["c"]}',
        'compact JSON',
      );
      assert.equal(stored.private_metadata, null);
      assert.deepEqual((await call('GET', `/users/${id}`)).body.metadata, p3.body);
    });

    it('clears everything with a null body', async () => {
      const id = await newUser();
      await call('PATCH', `/users/${id}/metadata`, { public_metadata: { a: 1 }, unsafe_metadata: { b: 2 } });
      const res = await call('PATCH', `/users/${id}/metadata`, 'null');
      assert.equal(res.status, 204);
      assert.equal((await call('GET', `/users/${id}/metadata`)).status, 204);
    });

    it('accepts exactly the limit and refuses one character more, changing nothing', async () => {
      const id = await newUser();
      const ok = await call('PATCH', `/users/${id}/metadata`, { public_metadata: docOfLength(3000) });
      assert.equal(ok.status, 200);
      const over = await call('PATCH', `/users/${id}/metadata`, {
        public_metadata: docOfLength(3001),
        private_metadata: { x: 1 },
      });
      assert.deepEqual(over.body, {
        code: 400,
        message: 'metadata limit exceeded: public metadata must not exceed 3000 characters',
      });
      const after = await call('GET', `/users/${id}/metadata`);
      assert.deepEqual(after.body, { public_metadata: docOfLength(3000) }, 'nothing changed');
    });

    it('counts code points: an emoji is one character', async () => {
      const id = await newUser();
      const emojis = docOfLength(3000, '😀');
      assert.ok(JSON.stringify(emojis).length > 3000, 'more UTF-16 units than the limit');
      const ok = await call('PATCH', `/users/${id}/metadata`, { unsafe_metadata: emojis });
      assert.equal(ok.status, 200);
      assert.deepEqual((await call('GET', `/users/${id}/metadata`)).body, { unsafe_metadata: emojis });
      const over = await call('PATCH', `/users/${id}/metadata`, { unsafe_metadata: { k: `${emojis.k}😀` } });
      assert.equal(over.status, 400);
      assert.equal(
        over.body.message,
        'metadata limit exceeded: unsafe metadata must not exceed 3000 characters',
      );
    });

    it('names every document over the limit', async () => {
      const id = await newUser();
      const res = await call('PATCH', `/users/${id}/metadata`, {
        public_metadata: docOfLength(3001),
        unsafe_metadata: docOfLength(3500),
      });
      assert.equal(
        res.body.message,
        'metadata limit exceeded: public metadata must not exceed 3000 characters, unsafe metadata must not exceed 3000 characters',
      );
      assert.equal(await rt.services.db.knex('user_metadata').where({ user_id: id }).first(), undefined);
    });

    it('refuses bodies that are not null or objects of objects', async () => {
      const id = await newUser();
      const cases: Array<[string, string]> = [
        ['[]', 'patch metadata must be null or object'],
        ['"text"', 'patch metadata must be null or object'],
        ['{"public_metadata":"x"}', 'public_metadata must be an object or null'],
        ['{"private_metadata":[1]}', 'private_metadata must be an object or null'],
        ['{"public_metadata":{},"unsafe_metadata":5}', 'unsafe_metadata must be an object or null'],
      ];
      for (const [body, message] of cases) {
        const res = await call('PATCH', `/users/${id}/metadata`, body);
        assert.deepEqual(res.body, { code: 400, message: `code=400, message=${message}` }, body);
      }
      const malformed = await call('PATCH', `/users/${id}/metadata`, '{"public_metadata":');
      assert.equal(malformed.status, 400);
      assert.match(malformed.body.message, /^Syntax error/);
    });

    it('400 for a malformed user id, 404 for an unknown one', async () => {
      for (const method of ['GET', 'PATCH']) {
        const body = method === 'PATCH' ? { public_metadata: { a: 1 } } : undefined;
        assert.deepEqual((await call(method, '/users/xyz/metadata', body)).body, {
          code: 400,
          message: 'invalid user id',
        });
        assert.deepEqual((await call(method, `/users/${UNKNOWN_ID}/metadata`, body)).body, {
          code: 404,
          message: 'user not found',
        });
      }
    });
  });
}
