import type { ActionImplementation } from '../engine/types.ts';

/** credential_onboarding_chooser: set a password (§4.10). */
export const continueToPasswordRegistration: ActionImplementation = {
  description: 'Set a password.',
  async execute() {
    return { continue: ['password_creation'] };
  },
};
