import { randomUUID } from 'node:crypto';
import { charCount, fromStored, METADATA_LIMIT, patchDocument, toStored } from '../../users/metadata.ts';
import { inputError } from '../engine/errors.ts';
import type { ActionImplementation } from '../engine/types.ts';
import { sessionUser } from '../profile-user.ts';

/** profile_init: JSON merge patch of the user's unsafe metadata (§4.18). */
export const patchMetadata: ActionImplementation = {
  description: 'Change the unsafe metadata.',
  inputs: () => [{ name: 'patch_metadata', type: 'json', required: true, hidden: false }],
  async execute(ctx) {
    const u = await sessionUser(ctx);
    const raw = ctx.rawInput.patch_metadata;
    let patch: unknown = raw;
    if (typeof raw === 'string') {
      try {
        patch = JSON.parse(raw);
      } catch {
        throw inputError(
          'patch_metadata',
          'invalid_metadata_error',
          'patch metadata must be an object or null',
        );
      }
    }
    if (patch !== null && (typeof patch !== 'object' || Array.isArray(patch))) {
      throw inputError(
        'patch_metadata',
        'invalid_metadata_error',
        'patch metadata must be an object or null',
      );
    }
    const current = fromStored(u.metadata?.unsafe_metadata ?? null);
    const next = patch === null ? null : patchDocument(current, patch as Record<string, unknown>);
    const stored = toStored(next);
    if (stored !== null && charCount(stored) > METADATA_LIMIT) {
      throw inputError(
        'patch_metadata',
        'invalid_metadata_error',
        `metadata must not exceed character limit (${METADATA_LIMIT})`,
      );
    }
    const now = ctx.services.now();
    ctx.write(async (trx) => {
      const row = await trx('user_metadata').where({ user_id: u.user.id }).first('id');
      if (row)
        await trx('user_metadata').where({ id: row.id }).update({ unsafe_metadata: stored, updated_at: now });
      else
        await trx('user_metadata').insert({
          id: randomUUID(),
          user_id: u.user.id,
          unsafe_metadata: stored,
          created_at: now,
          updated_at: now,
        });
    });
    return { continue: ['profile_init'] };
  },
};
