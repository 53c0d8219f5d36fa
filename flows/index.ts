import type { FlowDefinition } from './definition.ts';
import { loginFlow } from './login.ts';
import { profileFlow } from './profile.ts';
import { registrationFlow } from './registration.ts';

export const flowDefinitions: Readonly<Record<string, FlowDefinition>> = {
  login: loginFlow,
  registration: registrationFlow,
  profile: profileFlow,
};
