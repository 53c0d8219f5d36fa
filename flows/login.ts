import type { FlowDefinition } from './definition.ts';

/** The login flow (flow-api.md §3, §4). */
export const loginFlow: FlowDefinition = {
  name: 'login',
  version: 3,
  ttlSeconds: 24 * 3600,
  initialStates: ['preflight', 'login_init'],
  subflows: {
    credential_usage: {
      states: [
        'login_init',
        'login_method_chooser',
        'login_password',
        'login_password_recovery',
        'login_passkey',
        'passcode_confirmation',
        'thirdparty',
      ],
      after: ['schedule_onboarding'],
    },
  },
  states: {
    preflight: { actions: ['register_client_capabilities'] },
    login_init: {
      actions: [
        'continue_with_login_identifier',
        'webauthn_generate_request_options',
        'webauthn_verify_assertion_response',
        'remember_me',
      ],
      before: ['conditional_ui_request_options'],
    },
    login_method_chooser: {
      actions: [
        'continue_to_password_login',
        'continue_to_passcode_confirmation',
        'webauthn_generate_request_options',
        'back',
      ],
    },
    login_password: {
      actions: ['password_login', 'continue_to_passcode_confirmation_recovery', 'back'],
    },
    login_password_recovery: { actions: ['password_recovery'] },
    login_passkey: { actions: ['webauthn_verify_assertion_response', 'back'] },
    passcode_confirmation: {
      actions: ['verify_passcode', 'resend_passcode', 'back'],
      before: ['send_passcode'],
      after: ['create_onboarding_email', 'persist_email_verified'],
    },
    credential_onboarding_chooser: {
      actions: ['continue_to_passkey_registration', 'continue_to_password_registration', 'skip', 'back'],
    },
    onboarding_create_passkey: { actions: ['webauthn_generate_creation_options', 'skip', 'back'] },
    onboarding_verify_passkey_attestation: {
      actions: ['webauthn_verify_attestation_response', 'back'],
      after: ['save_webauthn_credentials'],
    },
    password_creation: { actions: ['register_password', 'skip', 'back'], after: ['save_password'] },
    onboarding_username: { actions: ['username_create', 'skip'] },
    onboarding_email: { actions: ['email_address_set', 'skip'], after: ['create_onboarding_email'] },
    mfa_method_chooser: {
      actions: ['continue_to_otp_secret_creation', 'continue_to_security_key_creation', 'skip', 'back'],
      before: ['mark_mfa_chooser_visited'],
    },
    mfa_otp_secret_creation: { actions: ['otp_code_verify', 'back'], before: ['generate_otp_secret'] },
    mfa_security_key_creation: { actions: ['webauthn_generate_creation_options', 'back'] },
    login_security_key: { actions: ['webauthn_generate_request_options', 'continue_to_login_otp'] },
    login_otp: { actions: ['otp_code_validate', 'continue_to_login_security_key'] },
    device_trust: { actions: ['trust_device', 'skip', 'back'] },
    success: {
      actions: [],
      before: ['user_payload', 'issue_session', 'issue_device_trust'],
      view: ['success_user_view'],
    },
    error: { actions: [] },
  },
};
