import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  createPasscodeService,
  type PasscodeRow,
  type PasscodeService,
} from '../../src/passcodes/passcodes.ts';
import type { Database } from '../../src/persistence/db.ts';
import { insertEmail } from '../../src/persistence/repositories/emails.ts';
import { insertUser } from '../../src/persistence/repositories/users.ts';
import { createTestDatabase, testDialects } from '../helpers/db.ts';

const SECRET = 'passcode-test-secret-0123456789';
const T0 = new Date('2030-01-01T12:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

for (const dialect of testDialects()) {
  describe(`passcodes [${dialect}]`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let svc: PasscodeService;
    before(async () => {
      ({ db, drop } = await createTestDatabase(dialect));
    });
    after(async () => drop());
    beforeEach(() => {
      svc = createPasscodeService({ secrets: [SECRET], charset: 'numeric' });
    });

    const create = (
      ttlSeconds = 300,
      ids: { userId: string | null; emailId: string | null } = { userId: null, emailId: null },
    ) => db.knex.transaction((trx) => svc.createPasscode(trx, { ...ids, ttlSeconds, now: T0 }));
    const check = (id: string, code: string, now = at(1)) =>
      db.knex.transaction((trx) => svc.checkPasscode(trx, { id, code, now }));
    const row = (id: string) => db.knex<PasscodeRow>('passcodes').where({ id }).first();
    const wrong = (code: string) => (code === '000000' ? '111111' : '000000');

    it('stores a keyed hash, never the code', async () => {
      const { id, code } = await create();
      assert.match(code, /^[0-9]{6}$/);
      const r = await row(id);
      assert.ok(r);
      assert.match(r.code, /^[0-9a-f]{64}$/);
      assert.ok(!r.code.includes(code));
      assert.equal(r.ttl, 300);
      assert.equal(r.try_count, 0);
      assert.equal(r.created_at.toISOString(), T0.toISOString());
      assert.equal(r.user_id, null);
      assert.equal(r.email_id, null);
    });

    it('links user and email and goes away with the user', async () => {
      const userId = await insertUser(db.knex, { now: T0 });
      const email = await insertEmail(db.knex, {
        userId,
        address: 'p@example.com',
        verified: false,
        now: T0,
      });
      const { id } = await create(300, { userId, emailId: email.id });
      const r = await row(id);
      assert.equal(r?.user_id, userId);
      assert.equal(r?.email_id, email.id);
      await db.knex('primary_emails').where({ user_id: userId }).delete();
      await db.knex('emails').where({ user_id: userId }).delete();
      await db.knex('users').where({ id: userId }).delete();
      assert.equal(await row(id), undefined);
    });

    it('accepts the right code once (single use)', async () => {
      const { id, code } = await create();
      assert.equal(await check(id, code), 'ok');
      assert.equal(await row(id), undefined);
      assert.equal(await check(id, code), 'not_found');
    });

    it('counts wrong codes and locks the passcode at the third', async () => {
      const { id, code } = await create();
      assert.equal(await check(id, wrong(code)), 'invalid');
      assert.equal((await row(id))?.try_count, 1);
      assert.equal(await check(id, wrong(code)), 'invalid');
      assert.equal(await check(id, wrong(code)), 'too_many_attempts');
      assert.equal((await row(id))?.try_count, 3);
      assert.equal(await db.knex.transaction((trx) => svc.isUsable(trx, id, at(1))), false);
      // Every later attempt, even with the right code, is refused: a new passcode is needed.
      assert.equal(await check(id, code), 'too_many_attempts');
      assert.equal(await check(id, wrong(code)), 'too_many_attempts');
      assert.equal((await row(id))?.try_count, 3);
    });

    it('a right code after two wrong ones still works', async () => {
      const { id, code } = await create();
      assert.equal(await check(id, wrong(code)), 'invalid');
      assert.equal(await check(id, wrong(code)), 'invalid');
      assert.equal(await check(id, code), 'ok');
    });

    it('expires at created_at + ttl', async () => {
      const a = await create(60);
      assert.equal(await db.knex.transaction((trx) => svc.isUsable(trx, a.id, at(60))), true);
      assert.equal(await check(a.id, a.code, at(60)), 'ok', 'valid up to and including the last instant');
      const b = await create(60);
      assert.equal(await db.knex.transaction((trx) => svc.isUsable(trx, b.id, at(60.001))), false);
      assert.equal(await check(b.id, b.code, at(60.001)), 'expired');
      assert.equal(await check(b.id, wrong(b.code), at(61)), 'expired');
      assert.equal((await row(b.id))?.try_count, 0, 'a check of an expired passcode is not a try');
    });

    it('unknown and malformed ids are not found', async () => {
      assert.equal(await check(randomUUID(), '123456'), 'not_found');
      assert.equal(await check('not-a-uuid', '123456'), 'not_found');
      assert.equal(await check("'; drop table passcodes; --", '123456'), 'not_found');
      assert.equal(await db.knex.transaction((trx) => svc.isUsable(trx, 'nope', T0)), false);
      const { id, code } = await create();
      assert.equal(await check(id.toUpperCase(), code), 'ok', 'ids are case-insensitive');
    });

    it('alphanumeric codes are accepted in any case', async () => {
      svc = createPasscodeService({ secrets: [SECRET], charset: 'alphanumeric' });
      const { id, code } = await create();
      assert.match(code, /^[2-9A-HJ-NP-Z]{6}$/);
      assert.equal(await check(id, ` ${code.toLowerCase()} `), 'ok');
    });

    it('verifies with an older secret after a rotation, and never with a foreign one', async () => {
      const { id, code } = await create();
      const rotated = createPasscodeService({
        secrets: ['a-brand-new-secret-0123456789', SECRET],
        charset: 'numeric',
      });
      const foreign = createPasscodeService({
        secrets: ['some-other-secret-0123456789'],
        charset: 'numeric',
      });
      assert.equal(
        await db.knex.transaction((trx) => foreign.checkPasscode(trx, { id, code, now: at(1) })),
        'invalid',
      );
      assert.equal(
        await db.knex.transaction((trx) => rotated.checkPasscode(trx, { id, code, now: at(1) })),
        'ok',
      );
    });

    it('a rolled-back check leaves the passcode as it was', async () => {
      const { id, code } = await create();
      await assert.rejects(
        db.knex.transaction(async (trx) => {
          assert.equal(await svc.checkPasscode(trx, { id, code, now: at(1) }), 'ok');
          throw new Error('rollback');
        }),
        /rollback/,
      );
      assert.equal(await check(id, code), 'ok');
    });

    it('concurrent checks of the right code: exactly one succeeds', async () => {
      const { id, code } = await create();
      const results = await Promise.all([check(id, code), check(id, code), check(id, code)]);
      assert.deepEqual(results.sort(), ['not_found', 'not_found', 'ok']);
    });

    it('concurrent wrong codes cannot exceed the try limit', async () => {
      const { id, code } = await create();
      const results = await Promise.all(Array.from({ length: 5 }, () => check(id, wrong(code))));
      assert.deepEqual(results.sort(), [
        'invalid',
        'invalid',
        'too_many_attempts',
        'too_many_attempts',
        'too_many_attempts',
      ]);
      assert.equal((await row(id))?.try_count, 3);
    });

    it('rejects a ttl that is not a positive integer', async () => {
      await assert.rejects(create(0), /ttlSeconds/);
      await assert.rejects(create(1.5), /ttlSeconds/);
    });
  });
}
