import type { InputDefinition } from '../engine/inputs.ts';
import type { ActionImplementation, FlowRuntime } from '../engine/types.ts';
import { assertNewPasswordAllowed, queuePasswordWrite } from '../passwords.ts';
import { hasPassword } from '../profile-credentials.ts';
import { str } from '../stash.ts';

const passwordInput = (ctx: FlowRuntime): InputDefinition[] => [
  {
    name: 'password',
    type: 'password',
    required: true,
    min_length: ctx.services.config.password.min_length,
    max_length: 72,
  },
];

async function setPassword(ctx: Parameters<ActionImplementation['execute']>[0]) {
  const userId = str(ctx.stash, 'user_id');
  if (!userId) throw new Error('profile password: no user');
  const password = String(ctx.input.password);
  assertNewPasswordAllowed(ctx, 'password', password);
  // Hashing is slow: it happens here, before the request's transaction.
  queuePasswordWrite(ctx, userId, await ctx.services.passwords.hash(password));
  return { continue: ['profile_init'] };
}

/** profile_init: set a first password (§4.18). */
export const passwordCreate: ActionImplementation = {
  description: 'Set a password.',
  offered: (ctx) => ctx.services.config.password.enabled && !hasPassword(ctx),
  inputs: passwordInput,
  execute: setPassword,
};

/** profile_init: replace the password (§4.18); the security notification is sent by the write. */
export const passwordUpdate: ActionImplementation = {
  description: 'Change the password.',
  offered: (ctx) => ctx.services.config.password.enabled && hasPassword(ctx),
  inputs: passwordInput,
  execute: setPassword,
};
