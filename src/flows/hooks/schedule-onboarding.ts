import type { HookImplementation } from '../engine/types.ts';
import { scheduleLoginOnboarding } from '../scheduling.ts';

/** After-flow hook of the login flow's credential-usage states (§2.3, §5.1). */
export const scheduleOnboarding: HookImplementation = async (ctx) => {
  await scheduleLoginOnboarding(ctx);
};
