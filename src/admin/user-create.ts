/** `POST /users` (rest-api.md §6.3): a user with emails and/or a username, written in one transaction. */
import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../persistence/errors.ts';
import { findEmailByAddress, insertEmail, setPrimaryEmail } from '../persistence/repositories/emails.ts';
import { findUsername, insertUser, setUsername, userExists } from '../persistence/repositories/users.ts';
import { HttpError } from '../server/http-error.ts';
import type { Services } from '../services.ts';
import { badRequest, bodyObject, Checks, isEmail, isObject, isUuid, messages } from './validate.ts';

interface NewEmail {
  address: string;
  isPrimary: boolean;
  isVerified: boolean;
}

interface NewUser {
  id: string;
  emails: NewEmail[];
  username: string | null;
  createdAt: Date | undefined;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function parseEmails(raw: unknown, checks: Checks): NewEmail[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw badRequest(messages.type('emails', 'array', raw));
  const items = raw.map((e) => {
    if (!isObject(e)) throw badRequest(messages.type('emails', 'object', e));
    return e;
  });
  const addresses = items.map((e) => (typeof e.address === 'string' ? e.address.toLowerCase() : e.address));
  if (new Set(addresses).size !== addresses.length) {
    checks.add(messages.unique('emails'));
    return [];
  }
  return items.map((e) => {
    checks.string('address', e.address).optionalBoolean('is_primary', e.is_primary);
    checks.optionalBoolean('is_verified', e.is_verified);
    if (typeof e.address === 'string' && e.address !== '' && !isEmail(e.address))
      checks.add(messages.email('address'));
    return {
      address: String(e.address ?? '').toLowerCase(),
      isPrimary: e.is_primary === true,
      isVerified: e.is_verified === true,
    };
  });
}

/** Validates the body with upstream's messages and order. */
export function parseNewUser(body: unknown): NewUser {
  const b = bodyObject(body);
  if (b.id !== undefined && b.id !== null && b.id !== '' && !isUuid(b.id))
    throw badRequest(messages.uuid('id'));
  const checks = new Checks().optionalString('username', b.username, 255);
  let createdAt: Date | undefined;
  if (b.created_at !== undefined && b.created_at !== null) {
    createdAt =
      typeof b.created_at === 'string' && RFC3339.test(b.created_at) ? new Date(b.created_at) : undefined;
    if (!createdAt || Number.isNaN(createdAt.getTime()))
      throw badRequest('created_at must be a valid RFC 3339 timestamp');
  }
  const emails = parseEmails(b.emails, checks);
  checks.throwIfAny();
  const username = typeof b.username === 'string' && b.username !== '' ? b.username.toLowerCase() : null;
  if (emails.length === 0 && !username) throw badRequest('at least one of [Emails, Username] must be set');
  const primaries = emails.filter((e) => e.isPrimary).length;
  if (emails.length > 0 && primaries === 0) throw badRequest('at least one primary email must be provided');
  if (primaries > 1) throw badRequest('only one primary email is allowed');
  const id = typeof b.id === 'string' && b.id !== '' ? b.id.toLowerCase() : randomUUID();
  return { id, emails, username, createdAt };
}

/** Creates the user; returns its id. Duplicate id, address or username → 409 with upstream's message. */
export async function createUser(s: Services, body: unknown): Promise<string> {
  const u = parseNewUser(body);
  const now = s.now();
  await s.db.knex
    .transaction(async (trx) => {
      if (await userExists(trx, u.id))
        throw new HttpError(409, `failed to create user with id '${u.id}': user already exists`);
      await insertUser(trx, { id: u.id, now, ...(u.createdAt ? { createdAt: u.createdAt } : {}) });
      for (const e of u.emails) {
        if (await findEmailByAddress(trx, e.address))
          throw new HttpError(
            409,
            `failed to create email '${e.address}' for user '${u.id}': email already exists`,
          );
        const row = await insertEmail(trx, { userId: u.id, address: e.address, verified: e.isVerified, now });
        if (e.isPrimary) await setPrimaryEmail(trx, u.id, row.id, now);
      }
      if (u.username) {
        if (await findUsername(trx, u.username))
          throw new HttpError(
            409,
            `failed to create username '${u.username}' for user '${u.id}': username already exists`,
          );
        await setUsername(trx, u.id, u.username, now);
      }
    })
    .catch((err: unknown) => {
      // A concurrent request won the race for the same id, address or username.
      throw isUniqueViolation(err) ? new HttpError(409) : err;
    });
  return u.id;
}
