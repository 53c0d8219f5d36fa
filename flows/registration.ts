import type { FlowDefinition } from './definition.ts';

/** The registration flow (flow-api.md §3, §4.9, §5.2). */
export const registrationFlow: FlowDefinition = {
  name: 'registration',
  version: 1,
  ttlSeconds: 24 * 3600,
  initialStates: ['preflight', 'registration_init'],
  states: {
    preflight: { actions: ['register_client_capabilities'] },
    registration_init: { actions: ['register_login_identifier', 'remember_me'] },
    passcode_confirmation: {
      actions: ['verify_passcode', 'resend_passcode', 'back'],
      before: ['send_passcode'],
    },
    success: { actions: [], before: ['create_user', 'user_payload', 'issue_session'] },
    error: { actions: [] },
  },
};
