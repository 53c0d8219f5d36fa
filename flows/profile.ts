import type { FlowDefinition } from './definition.ts';

/**
 * The profile flow (flow-api.md §4.18): the signed-in user manages their own account. A valid session is
 * required on every request; the session user is loaded before every action.
 */
export const profileFlow: FlowDefinition = {
  name: 'profile',
  version: 1,
  ttlSeconds: 24 * 3600,
  initialStates: ['preflight', 'profile_init'],
  beforeEachAction: ['load_session_user'],
  states: {
    preflight: { actions: ['register_client_capabilities'] },
    profile_init: {
      actions: [
        'account_delete',
        'continue_to_otp_secret_creation',
        'email_create',
        'email_delete',
        'email_set_primary',
        'email_verify',
        'otp_secret_delete',
        'password_create',
        'password_update',
        'password_delete',
        'patch_metadata',
        'security_key_create',
        'security_key_delete',
        'username_create',
        'username_update',
        'username_delete',
        'webauthn_credential_create',
        'webauthn_credential_rename',
        'webauthn_credential_delete',
        'session_delete',
      ],
      view: ['profile_payload'],
    },
    passcode_confirmation: {
      actions: ['verify_passcode', 'resend_passcode', 'back'],
      before: ['send_passcode'],
      after: ['persist_email_verified'],
    },
    mfa_otp_secret_creation: { actions: ['otp_code_verify', 'back'], before: ['generate_otp_secret'] },
    webauthn_credential_verification: {
      actions: ['webauthn_verify_attestation_response', 'back'],
      after: ['save_webauthn_credentials'],
    },
    account_deleted: { actions: [] },
    error: { actions: [] },
  },
};
