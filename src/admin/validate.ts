/**
 * Request validation for the admin API, with upstream's messages (rest-api.md §2.1): one message per failed
 * field, joined with " and ". Endpoints that upstream binds through "loadDto" wrap the message a second time
 * (`code=400, message=<messages>`); they pass `nested: true`.
 */
import { isIP } from 'node:net';
import { HttpError } from '../server/http-error.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
// Pragmatic address check: one @, no whitespace or characters that need quoting, a dotless or dotted domain.
const EMAIL = /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\.]+(?:\.[^\s@"(),:;<>[\]\\.]+)*$/;

export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
export const isUuid4 = (v: unknown): v is string => typeof v === 'string' && UUID4.test(v);
export const isEmail = (v: unknown): v is string => typeof v === 'string' && v.length <= 254 && EMAIL.test(v);
export const isIpAddress = (v: unknown): v is string => typeof v === 'string' && isIP(v) !== 0;

/** An absolute http(s) URL. */
export function isHttpUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The JSON type name of a value, as the Go JSON decoder reports it. */
export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v;
}

export const messages = {
  required: (field: string) => `${field} is a required field`,
  email: (field: string) => `${field} must be a valid email address`,
  uuid: (field: string) => `${field} must be a valid uuid`,
  uuid4: (field: string) => `${field} must be a valid uuid4`,
  url: (field: string) => `${field} must be a valid URL`,
  min: (field: string, n: number) => `length of ${field} must be greater or equal to ${n}`,
  unique: (field: string) => `${field} entries are not unique`,
  event: (value: string, field: string) => `${value} in ${field} is not a valid webhook event`,
  ip: (field: string) => `${field} must be a valid ip address (v4 or v6)`,
  maxLength: (field: string, n: number) => `${field} must not be longer than ${n} characters`,
  type: (field: string, expected: string, got: unknown) =>
    `Unmarshal type error: expected=${expected}, got=${jsonType(got)}, field=${field}`,
};

/** 400 with upstream's message for a request whose body or params failed to bind or validate. */
export function badRequest(message: string, nested = false): HttpError {
  return new HttpError(400, nested ? `code=400, message=${message}` : message);
}

/** Collects field failures in declaration order; `throwIfAny` raises them as one 400. */
export class Checks {
  readonly failures: string[] = [];

  constructor(private readonly nested = false) {}

  add(message: string): this {
    this.failures.push(message);
    return this;
  }

  /** `required,uuid` (or `uuid4`) on a path parameter or string field. */
  uuid(field: string, value: unknown, version?: 4): this {
    if (value === undefined || value === null || value === '') return this.add(messages.required(field));
    if (version === 4 ? !isUuid4(value) : !isUuid(value))
      return this.add(version === 4 ? messages.uuid4(field) : messages.uuid(field));
    return this;
  }

  /** A required non-empty string; reports a type error for non-strings. */
  string(field: string, value: unknown): this {
    if (value === undefined || value === null || value === '') return this.add(messages.required(field));
    if (typeof value !== 'string') return this.add(messages.type(field, 'string', value));
    return this;
  }

  /** An optional string (absent, null or a string). */
  optionalString(field: string, value: unknown, maxLength?: number): this {
    if (value === undefined || value === null) return this;
    if (typeof value !== 'string') return this.add(messages.type(field, 'string', value));
    if (maxLength !== undefined && value.length > maxLength)
      return this.add(messages.maxLength(field, maxLength));
    return this;
  }

  /** An optional boolean (absent, null or a boolean). */
  optionalBoolean(field: string, value: unknown): this {
    if (value === undefined || value === null || typeof value === 'boolean') return this;
    return this.add(messages.type(field, 'bool', value));
  }

  get ok(): boolean {
    return this.failures.length === 0;
  }

  throwIfAny(): void {
    if (!this.ok) throw badRequest(this.failures.join(' and '), this.nested);
  }
}

/** The request body as an object, or a 400 naming the expected type. */
export function bodyObject(body: unknown, nested = false): Record<string, unknown> {
  if (body === null || body === undefined) return {};
  if (!isObject(body)) throw badRequest(messages.type('', 'object', body), nested);
  return body;
}

/** A canonical (lower-case) UUID from a path parameter, or a 400 with the given message. */
export function pathUuid(value: string | undefined, message: string): string {
  if (!isUuid(value)) throw new HttpError(400, message);
  return value.toLowerCase();
}

/** The `user_id` path parameter of the "loadDto" endpoints: required uuid, nested message. */
export function loadDtoUserId(value: string | undefined): string {
  new Checks(true).uuid('user_id', value).throwIfAny();
  return value!.toLowerCase();
}
