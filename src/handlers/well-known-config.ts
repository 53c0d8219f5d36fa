import Router from '@koa/router';
import type { Config } from '../config/types.ts';
import { BUILTIN_PROVIDERS } from '../users/profile.ts';

/** The public part of the configuration (rest-api.md §4.14, v2 shape). */
export function publicConfig(config: Config) {
  const providers = BUILTIN_PROVIDERS.filter(([id]) => config.third_party.providers?.[id]?.enabled).map(
    ([, name]) => name,
  );
  return {
    password: { enabled: config.password.enabled, min_password_length: config.password.min_length },
    emails: {
      require_verification: config.email.require_verification,
      max_num_of_addresses: config.email.limit,
    },
    providers: providers.length ? providers : null,
    account: { allow_deletion: config.account.allow_deletion, allow_signup: config.account.allow_signup },
    use_enterprise: config.saml.enabled && config.saml.identity_providers.some((p) => p.enabled),
  };
}

export function wellKnownConfigRoutes(config: Config): Router {
  const router = new Router();
  const body = publicConfig(config);
  router.get('/.well-known/config', (ctx) => {
    ctx.body = body;
  });
  return router;
}
