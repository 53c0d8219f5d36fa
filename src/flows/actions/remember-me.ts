import type { ActionImplementation } from '../engine/types.ts';

/** login_init / registration_init: the "remember me" choice when cookie retention is `prompt` (§4.2). */
export const rememberMe: ActionImplementation = {
  description: 'Choose whether the session should outlive the browser session.',
  offered: (ctx) => ctx.services.config.session.cookie.retention === 'prompt',
  inputs: () => [{ name: 'remember_me', type: 'boolean', required: true }],
  async execute(ctx) {
    ctx.stash.remember_me = ctx.input.remember_me === true;
    return { continue: [ctx.state] };
  },
};
