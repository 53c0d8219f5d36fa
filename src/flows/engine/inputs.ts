import { hasUnstorableChars, jsonHasUnstorableChars } from '../../util/text.ts';
import { type ErrorBody, INPUT_ERRORS, inputErrorBody } from './errors.ts';

export type InputType = 'string' | 'email' | 'password' | 'boolean' | 'number' | 'json';

export interface InputDefinition {
  name: string;
  type: InputType;
  required?: boolean;
  hidden?: boolean;
  min_length?: number;
  max_length?: number;
  allowed_values?: Array<{ value: string; name: string }>;
  trim?: boolean;
  lower?: boolean;
  /** Echo the submitted value back when the flow stays in the state. */
  preserve?: boolean;
}

export const EMAIL_PATTERN = /^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$/;

/** The input object of a response (§1.5): fields other than name/type only when set. */
export function inputObject(def: InputDefinition, extra: { value?: unknown; error?: ErrorBody } = {}) {
  const out: Record<string, unknown> = { name: def.name, type: def.type };
  if ('value' in extra) out.value = extra.value;
  if (def.min_length !== undefined) out.min_length = def.min_length;
  if (def.max_length !== undefined) out.max_length = def.max_length;
  if (def.required !== undefined) out.required = def.required;
  if (def.hidden !== undefined) out.hidden = def.hidden;
  if (extra.error) out.error = extra.error;
  if (def.allowed_values?.length) out.allowed_values = def.allowed_values;
  return out;
}

/**
 * Pre-processing and validation of §1.6. Returns the processed values (only declared inputs) and the
 * per-input errors (empty when valid).
 */
export function validateInputs(
  defs: InputDefinition[],
  raw: Record<string, unknown>,
): { values: Record<string, unknown>; errors: Record<string, ErrorBody> } {
  const values: Record<string, unknown> = {};
  const errors: Record<string, ErrorBody> = {};
  for (const def of defs) {
    let v = raw[def.name];
    if (def.type === 'boolean') {
      values[def.name] = v === true;
      continue;
    }
    if (def.type === 'json') {
      if (typeof v === 'string') {
        try {
          v = JSON.parse(v);
        } catch {
          // left as the string; the action decides
        }
      }
      values[def.name] = v ?? null;
      if (jsonHasUnstorableChars(v)) errors[def.name] = inputErrorBody('value_invalid_error');
      continue;
    }
    if (v === null) v = '';
    if (def.trim) v = typeof v === 'string' ? v.trim() : '';
    if (def.lower) v = typeof v === 'string' ? v.toLowerCase() : '';
    values[def.name] = typeof v === 'string' ? v : undefined;
    const empty = typeof v !== 'string' || v === '';
    if (empty) {
      if (def.required) errors[def.name] = inputErrorBody('value_missing_error');
      continue;
    }
    const s = v as string;
    // NUL and unpaired surrogates cannot be stored (PostgreSQL rejects them) and are never legitimate input.
    if (hasUnstorableChars(s)) {
      errors[def.name] = inputErrorBody('value_invalid_error');
      continue;
    }
    const bytes = Buffer.byteLength(s, 'utf8');
    if (def.min_length !== undefined && bytes < def.min_length) {
      errors[def.name] = inputErrorBody('value_too_short_error');
    } else if (def.max_length !== undefined && bytes > def.max_length) {
      errors[def.name] = inputErrorBody('value_too_long_error');
    } else if (def.type === 'email' && !EMAIL_PATTERN.test(s)) {
      errors[def.name] = inputErrorBody('value_invalid_error');
    } else if (
      def.type === 'string' &&
      def.allowed_values?.length &&
      !def.allowed_values.some((a) => a.value === s)
    ) {
      errors[def.name] = inputErrorBody(
        'value_invalid_error',
        `${INPUT_ERRORS.value_invalid_error} Must be one of: ${def.allowed_values.map((a) => a.value).join(',')}`,
      );
    }
  }
  return { values, errors };
}
