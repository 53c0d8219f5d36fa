/**
 * The import format (json_schema/hanko.user_import.json) compiled once with ajv, and ajv errors turned into
 * `{ path, message }` (path: a JSON pointer inside the entry, e.g. `/emails/0/address`).
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { projectFile } from '../../util/paths.ts';

export interface ImportEmail {
  address: string;
  is_primary?: boolean;
  is_verified?: boolean;
}

export interface ImportCredential {
  id: string;
  name?: string | null;
  public_key: string;
  attestation_type: string;
  aaguid?: string | null;
  sign_count?: number;
  last_used_at?: string | null;
  created_at?: string;
  updated_at?: string;
  transports?: string[] | null;
  backup_eligible?: boolean;
  backup_state?: boolean;
  mfa_only?: boolean;
  user_handle?: string | null;
}

type JsonObject = { [key: string]: unknown };

/** One entry of the import file, as the schema describes it. */
export interface ImportEntry {
  user_id?: string;
  emails?: ImportEmail[];
  username?: string;
  webauthn_credentials?: ImportCredential[];
  password?: { password: string; created_at?: string; updated_at?: string };
  otp_secret?: { secret: string; created_at?: string; updated_at?: string };
  metadata?: {
    public_metadata?: JsonObject | null;
    private_metadata?: JsonObject | null;
    unsafe_metadata?: JsonObject | null;
  };
  created_at?: string;
  updated_at?: string;
}

export interface EntryProblem {
  path: string;
  message: string;
}

const schemaUrl = projectFile('json_schema', 'hanko.user_import.json');
export const importSchema = JSON.parse(readFileSync(schemaUrl, 'utf8')) as {
  definitions: Record<string, object>;
};

let compiled: ValidateFunction | undefined;

/** Validates ONE entry (the `user` definition), stopping at its first error. */
export function entryValidator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true, verbose: true });
  (addFormatsModule as unknown as (a: Ajv) => Ajv)(ajv);
  ajv.addKeyword('x-message');
  ajv.addSchema(importSchema, 'import');
  compiled = ajv.getSchema('import#/definitions/user');
  if (!compiled) throw new TypeError('import schema: definitions/user is missing');
  return compiled;
}

export function describeEntryError(e: ErrorObject): EntryProblem {
  const p = e.params as Record<string, unknown>;
  const custom = (e.parentSchema as { 'x-message'?: string } | undefined)?.['x-message'];
  switch (e.keyword) {
    case 'required':
      return { path: `${e.instancePath}/${String(p.missingProperty)}`, message: 'is required' };
    case 'type':
      return {
        path: e.instancePath,
        message: `must be of type ${Array.isArray(p.type) ? p.type.join(' or ') : String(p.type)}`,
      };
    case 'format':
      return { path: e.instancePath, message: `must be a valid ${String(p.format)}` };
    case 'pattern':
      return { path: e.instancePath, message: custom ?? 'does not have the expected format' };
    case 'minLength':
      return { path: e.instancePath, message: `must be at least ${p.limit} characters` };
    case 'maxLength':
      return { path: e.instancePath, message: `must be at most ${p.limit} characters` };
    case 'additionalProperties':
      return {
        path: `${e.instancePath}/${String(p.additionalProperty)}`,
        message: 'is not an allowed property',
      };
    default:
      return { path: e.instancePath, message: e.message ?? 'is invalid' };
  }
}
