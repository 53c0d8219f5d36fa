import type { HookImplementation } from '../engine/types.ts';

/** Before `mfa_method_chooser`: Schedule-MFA offers the chooser at most once per flow (§5.3). */
export const markMfaChooserVisited: HookImplementation = async (ctx) => {
  ctx.stash.mfa_chooser_visited = true;
};
