/**
 * Checks one import entry: first the JSON Schema (ajv), then the rules that span several fields. Returns the
 * first problem found (one per entry), or undefined when the entry is valid.
 */
import { charCount, METADATA_KINDS, METADATA_LIMIT, toStored } from '../metadata.ts';
import { describeEntryError, type EntryProblem, entryValidator, type ImportEntry } from './schema.ts';

export function checkEntry(raw: unknown): EntryProblem | undefined {
  const validate = entryValidator();
  if (!validate(raw)) {
    const first = validate.errors?.[0];
    return first ? describeEntryError(first) : { path: '', message: 'is invalid' };
  }
  return checkRules(raw as ImportEntry);
}

function checkRules(entry: ImportEntry): EntryProblem | undefined {
  const emails = entry.emails ?? [];
  if (emails.length === 0 && !entry.username)
    return { path: '/emails', message: 'is required when there is no username' };

  const seen = new Set<string>();
  for (const [i, email] of emails.entries()) {
    const address = email.address.toLowerCase();
    if (seen.has(address))
      return { path: `/emails/${i}/address`, message: 'appears more than once in this entry' };
    seen.add(address);
  }
  const primaries = emails.filter((e) => e.is_primary === true).length;
  if (emails.length > 0 && primaries !== 1)
    return {
      path: '/emails',
      message: `must have exactly one primary address (found ${primaries})`,
    };

  const ids = new Set<string>();
  for (const [i, cred] of (entry.webauthn_credentials ?? []).entries()) {
    if (ids.has(cred.id))
      return { path: `/webauthn_credentials/${i}/id`, message: 'appears more than once in this entry' };
    ids.add(cred.id);
    if (cred.mfa_only && cred.user_handle)
      return {
        path: `/webauthn_credentials/${i}/user_handle`,
        message: 'must not be set on an mfa_only credential',
      };
  }

  for (const kind of METADATA_KINDS) {
    const stored = toStored(entry.metadata?.[`${kind}_metadata`] ?? null);
    if (stored !== null && charCount(stored) > METADATA_LIMIT)
      return {
        path: `/metadata/${kind}_metadata`,
        message: `must not exceed ${METADATA_LIMIT} characters as compact JSON`,
      };
  }
  return undefined;
}
