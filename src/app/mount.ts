import type Router from '@koa/router';
import type Koa from 'koa';
import { HttpError } from '../server/http-error.ts';

/** Mounts routers with upstream's 405 for a known path with the wrong method. */
export function mount(app: Koa, routers: Router[]): void {
  for (const r of routers) {
    app.use(r.routes());
    app.use(
      r.allowedMethods({
        throw: true,
        methodNotAllowed: () => new HttpError(405),
        notImplemented: () => new HttpError(501),
      }),
    );
  }
}
