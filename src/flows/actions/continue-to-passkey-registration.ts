import type { ActionImplementation } from '../engine/types.ts';

/** credential_onboarding_chooser: create a passkey (§4.10). */
export const continueToPasskeyRegistration: ActionImplementation = {
  description: 'Create a passkey.',
  async execute() {
    return { continue: ['onboarding_create_passkey'] };
  },
};
