import type { Middleware } from 'koa';

export interface CorsOptions {
  allowOrigins: string[];
  unsafeWildcard: boolean;
  exposeHeaders: string[];
}

const METHODS = 'GET,HEAD,PUT,PATCH,POST,DELETE';

/** `*` matches any run of characters, `?` one character; everything else literally. */
export function originMatcher(patterns: string[]): (origin: string) => boolean {
  const res = patterns.map(
    (p) =>
      new RegExp(
        `^${p
          .split('')
          .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
          .join('')}$`,
      ),
  );
  return (origin) => res.some((r) => r.test(origin));
}

/** Credentialed CORS for the public API; only listed origins are ever echoed back. */
export function cors(opts: CorsOptions): Middleware {
  const patterns = opts.unsafeWildcard ? opts.allowOrigins : opts.allowOrigins.filter((o) => o !== '*');
  const allowed = originMatcher(patterns);
  return async (ctx, next) => {
    const origin = ctx.get('Origin');
    ctx.vary('Origin');
    if (!origin || !allowed(origin)) {
      if (ctx.method === 'OPTIONS' && origin) {
        ctx.status = 204;
        return;
      }
      return next();
    }
    ctx.set('Access-Control-Allow-Origin', origin);
    ctx.set('Access-Control-Allow-Credentials', 'true');
    if (ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method')) {
      ctx.set('Access-Control-Allow-Methods', METHODS);
      const reqHeaders = ctx.get('Access-Control-Request-Headers');
      if (reqHeaders) ctx.set('Access-Control-Allow-Headers', reqHeaders);
      ctx.set('Access-Control-Max-Age', '7200');
      ctx.status = 204;
      return;
    }
    ctx.set('Access-Control-Expose-Headers', opts.exposeHeaders.join(','));
    await next();
  };
}
