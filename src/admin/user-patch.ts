/**
 * `PATCH /users/{id}` (rest-api.md §6.3): username and profile names. For each field: absent = unchanged,
 * `null` = cleared, a string = set (trimmed; empty is refused). `updated_at` moves only when something changed.
 */

import { isUniqueViolation } from '../persistence/errors.ts';
import type { UserProfileField } from '../persistence/repositories/users.ts';
import {
  deleteUsername,
  findUsername,
  setUsername,
  updateUserProfile,
} from '../persistence/repositories/users.ts';
import { HttpError } from '../server/http-error.ts';
import type { Services } from '../services.ts';
import { badRequest, messages } from './validate.ts';

const PROFILE_FIELDS: UserProfileField[] = ['name', 'given_name', 'family_name', 'picture'];
const FIELDS = ['username', ...PROFILE_FIELDS] as const;
type Field = (typeof FIELDS)[number];
type Patch = Partial<Record<Field, string | null>>;

/** An absolute http(s) URL with a host and no credentials, at most 2048 characters. */
function isPictureUrl(raw: string): boolean {
  if (raw.length > 2048) return false;
  try {
    const u = new URL(raw);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.host !== '' && !u.username && !u.password;
  } catch {
    return false;
  }
}

export function parseUserPatch(body: unknown): Patch {
  if (body === null || body === undefined) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest(messages.type('', 'object', body));
  const b = body as Record<string, unknown>;
  const patch: Patch = {};
  for (const field of FIELDS) {
    if (!Object.hasOwn(b, field)) continue;
    const raw = b[field];
    if (raw === null) {
      patch[field] = null;
      continue;
    }
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value === '') throw badRequest(`${field} must be a non-empty string or null`);
    patch[field] = field === 'username' ? value.toLowerCase() : value;
  }
  if (patch.picture && !isPictureUrl(patch.picture))
    throw badRequest('picture must be a valid http(s) URL or null');
  for (const field of ['name', 'given_name', 'family_name'] as const) {
    const v = patch[field];
    if (v && v.length > 255) throw badRequest(messages.maxLength(field, 255));
  }
  return patch;
}

/** Applies the patch in one transaction; 404 for an unknown user, 409 for a username someone else has. */
export async function patchUser(s: Services, userId: string, body: unknown): Promise<void> {
  const patch = parseUserPatch(body);
  const now = s.now();
  await s.db.knex
    .transaction(async (trx) => {
      const user = await trx('users').where({ id: userId }).first();
      if (!user) throw new HttpError(404, 'user not found');
      const current = await trx('usernames').where({ user_id: userId }).first('username');
      let changed = false;
      if (patch.username === null && current) {
        await deleteUsername(trx, userId);
        changed = true;
      } else if (typeof patch.username === 'string') {
        if (!/^\w+$/.test(patch.username) || patch.username.length > 255)
          throw badRequest('username is invalid');
        const owner = await findUsername(trx, patch.username);
        if (owner && owner.user_id !== userId) throw new HttpError(409, 'username already exists');
        if (current?.username !== patch.username) {
          await setUsername(trx, userId, patch.username, now);
          changed = true;
        }
      }
      const profile: Partial<Record<UserProfileField, string | null>> = {};
      for (const field of PROFILE_FIELDS) {
        if (field in patch && (user[field] ?? null) !== patch[field]) profile[field] = patch[field] ?? null;
      }
      if (changed || Object.keys(profile).length > 0) await updateUserProfile(trx, userId, profile, now);
    })
    .catch((err: unknown) => {
      throw isUniqueViolation(err) ? new HttpError(409, 'username already exists') : err;
    });
}
