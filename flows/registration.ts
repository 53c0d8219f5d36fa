import type { FlowDefinition } from './definition.ts';

/** The registration flow (flow-api.md §3, §4.9, §5.2). No user exists until `success`. */
export const registrationFlow: FlowDefinition = {
  name: 'registration',
  version: 3,
  ttlSeconds: 24 * 3600,
  initialStates: ['preflight', 'registration_init'],
  states: {
    preflight: { actions: ['register_client_capabilities'] },
    registration_init: { actions: ['register_login_identifier', 'remember_me'] },
    passcode_confirmation: {
      actions: ['verify_passcode', 'resend_passcode', 'back'],
      before: ['send_passcode'],
    },
    credential_onboarding_chooser: {
      actions: ['continue_to_passkey_registration', 'continue_to_password_registration', 'skip', 'back'],
    },
    onboarding_create_passkey: { actions: ['webauthn_generate_creation_options', 'skip', 'back'] },
    onboarding_verify_passkey_attestation: { actions: ['webauthn_verify_attestation_response', 'back'] },
    password_creation: { actions: ['register_password', 'skip', 'back'] },
    mfa_method_chooser: {
      actions: ['continue_to_otp_secret_creation', 'continue_to_security_key_creation', 'skip', 'back'],
      before: ['mark_mfa_chooser_visited'],
    },
    mfa_otp_secret_creation: { actions: ['otp_code_verify', 'back'], before: ['generate_otp_secret'] },
    mfa_security_key_creation: { actions: ['webauthn_generate_creation_options', 'back'] },
    success: {
      actions: [],
      before: ['create_user', 'user_payload', 'issue_session'],
      view: ['success_user_view'],
    },
    error: { actions: [] },
  },
};
