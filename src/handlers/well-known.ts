import Router from '@koa/router';
import type { JwkManager } from '../crypto/jwk-manager.ts';

export function jwksRoutes(jwks: JwkManager): Router {
  const router = new Router();
  router.get('/.well-known/jwks.json', (ctx) => {
    ctx.set('Cache-Control', 'max-age=600');
    ctx.body = jwks.publicJwks();
  });
  return router;
}
