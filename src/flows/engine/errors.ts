/** Flow error codes (flow-api.md §9.1) with their HTTP status and message. */
export const FLOW_ERRORS = {
  technical_error: [500, 'Something went wrong.'],
  flow_expired_error: [410, 'The flow has expired.'],
  flow_discontinuity_error: [500, "The flow can't be continued."],
  operation_not_permitted_error: [403, 'The operation is not permitted.'],
  form_data_invalid_error: [400, 'Form data invalid.'],
  not_found: [404, 'The requested resource was not found.'],
  passcode_max_attempts_reached: [401, 'The passcode was entered wrong too many times.'],
  passkey_invalid: [401, 'The passkey is invalid.'],
  rate_limit_exceeded: [429, 'The rate limit has been exceeded.'],
  unauthorized: [401, 'The session is invalid.'],
  webauthn_credential_invalid_mfa_only: [
    401,
    'This credential can be used as a second factor security key only.',
  ],
  platform_authenticator_required: [
    401,
    'The device or browser does not support the required platform authenticators.',
  ],
} as const satisfies Record<string, readonly [number, string]>;

export type FlowErrorCode = keyof typeof FLOW_ERRORS;

/** Input error codes (§9.2). */
export const INPUT_ERRORS = {
  value_missing_error: 'The value is missing.',
  value_invalid_error: 'The value is invalid.',
  value_too_long_error: 'The value is too long.',
  value_too_short_error: 'The value is too short.',
  email_already_exists: 'The email address already exists.',
  username_already_exists: 'The username already exists.',
  unknown_username_error: 'The username is unknown.',
  unknown_email_error: 'The email address is unknown.',
  invalid_username_error: 'The username is invalid.',
  passcode_invalid: 'The passcode is invalid.',
  invalid_metadata_error: 'The metadata is invalid.',
} as const;

export type InputErrorCode = keyof typeof INPUT_ERRORS;

export interface ErrorBody {
  code: string;
  message: string;
  cause?: string;
}

export const flowErrorBody = (code: FlowErrorCode, cause?: string): ErrorBody => ({
  code,
  message: FLOW_ERRORS[code][1],
  ...(cause ? { cause } : {}),
});

export const inputErrorBody = (code: InputErrorCode, message?: string, cause?: string): ErrorBody => ({
  code,
  message: message ?? INPUT_ERRORS[code],
  ...(cause ? { cause } : {}),
});

/**
 * Thrown by actions and hooks. A 4xx error keeps the flow in its state (with `inputErrors` on the executed
 * action); a 5xx error moves the flow to `error`.
 */
export class FlowError extends Error {
  constructor(
    readonly code: FlowErrorCode,
    readonly inputErrors: Record<string, ErrorBody> = {},
    readonly causeText?: string,
  ) {
    super(code);
    this.name = 'FlowError';
  }

  get status(): number {
    return FLOW_ERRORS[this.code][0];
  }
}

/** 400 form_data_invalid_error with errors on the named inputs. */
export const inputError = (input: string, code: InputErrorCode, cause?: string): FlowError =>
  new FlowError('form_data_invalid_error', { [input]: inputErrorBody(code, undefined, cause) });

/** A rejection before any action ran: the flow is unchanged. */
export class PipelineRejection extends Error {
  constructor(
    readonly code: FlowErrorCode,
    readonly causeText?: string,
  ) {
    super(code);
    this.name = 'PipelineRejection';
  }
}
