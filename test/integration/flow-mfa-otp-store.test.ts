import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { acceptOtpStep, findOtpSecret, insertOtpSecret } from '../../src/mfa/otp-store.ts';
import { generateTotpSecret } from '../../src/mfa/totp.ts';
import { createTestDatabase, type TestDatabase, testDialects } from '../helpers/db.ts';

for (const dialect of testDialects()) {
  describe(`otp_secrets: single use of a time step [${dialect}]`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(dialect);
    });
    after(async () => {
      await t.drop();
    });

    const newSecret = async (lastValidatedStep: number | null) => {
      const userId = randomUUID();
      const now = new Date();
      await t.db.knex('users').insert({ id: userId, created_at: now, updated_at: now });
      const secret = generateTotpSecret();
      const id = await insertOtpSecret(t.db.knex, { userId, secret, lastValidatedStep, now });
      return { id, userId, secret };
    };

    it('stores and reads the secret and the last accepted step', async () => {
      const a = await newSecret(null);
      assert.deepEqual(await findOtpSecret(t.db.knex, a.userId), {
        id: a.id,
        user_id: a.userId,
        secret: a.secret,
        last_validated_step: null,
      });
      const b = await newSecret(59_000_000);
      assert.equal((await findOtpSecret(t.db.knex, b.userId))?.last_validated_step, 59_000_000);
      assert.equal(await findOtpSecret(t.db.knex, randomUUID()), undefined);
    });

    it('accepts only steps later than the last accepted one', async () => {
      const { id, userId } = await newSecret(null);
      const now = new Date();
      assert.equal(await acceptOtpStep(t.db.knex, id, 59_000_010, now), true, 'first use');
      assert.equal(await acceptOtpStep(t.db.knex, id, 59_000_010, now), false, 'same step again');
      assert.equal(await acceptOtpStep(t.db.knex, id, 59_000_009, now), false, 'an earlier step');
      assert.equal(await acceptOtpStep(t.db.knex, id, 59_000_011, now), true, 'the next step');
      assert.equal((await findOtpSecret(t.db.knex, userId))?.last_validated_step, 59_000_011);
    });

    it('of concurrent acceptances of one step exactly one wins', async () => {
      const { id } = await newSecret(59_000_000);
      const now = new Date();
      const results = await Promise.all(
        Array.from({ length: 5 }, () => acceptOtpStep(t.db.knex, id, 59_000_001, now)),
      );
      assert.equal(results.filter(Boolean).length, 1, JSON.stringify(results));
    });
  });
}
