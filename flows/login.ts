import type { FlowDefinition } from './definition.ts';

/** The login flow (flow-api.md §3, §4). States of later features are added as they are implemented. */
export const loginFlow: FlowDefinition = {
  name: 'login',
  version: 1,
  ttlSeconds: 24 * 3600,
  initialStates: ['preflight', 'login_init'],
  states: {
    preflight: { actions: ['register_client_capabilities'] },
    login_init: { actions: ['continue_with_login_identifier', 'remember_me'] },
    passcode_confirmation: {
      actions: ['verify_passcode', 'resend_passcode', 'back'],
      before: ['send_passcode'],
      after: ['schedule_onboarding', 'create_onboarding_email', 'persist_email_verified'],
    },
    onboarding_username: { actions: ['username_create', 'skip'] },
    onboarding_email: { actions: ['email_address_set', 'skip'], after: ['create_onboarding_email'] },
    success: { actions: [], before: ['user_payload', 'issue_session'] },
    error: { actions: [] },
  },
};
