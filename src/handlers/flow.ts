import Router from '@koa/router';
import type { Context } from 'koa';
import { flowDefinitions } from '../../flows/index.ts';
import { FlowEngine } from '../flows/engine/engine.ts';
import { rejectionBody } from '../flows/engine/response.ts';
import { flowImplementations } from '../flows/implementations.ts';
import { readBodyText } from '../server/body.ts';
import { requestMeta } from '../server/request-meta.ts';
import type { Services } from '../services.ts';
import { authenticate } from '../sessions/authenticate.ts';
import { clearSessionCookie, setSessionCookie } from '../sessions/cookie.ts';

/** The flow API: `POST /flow/:name` and upstream's paths `POST /login`, `POST /registration`. */
export function flowRoutes(s: Services): Router {
  const engines = new Map(
    Object.values(flowDefinitions).map((d) => [d.name, new FlowEngine(s, d, flowImplementations)]),
  );
  const router = new Router();
  const handle = async (ctx: Context, name: string) => {
    const engine = engines.get(name);
    if (!engine) {
      ctx.status = 404;
      ctx.body = { code: 404, message: 'Not Found' };
      return;
    }
    // The profile flow needs a valid session on every request, including the first (§1.11 step 0).
    let session: { userId: string; sessionId: string } | undefined;
    if (name === 'profile') {
      const auth = await authenticate(ctx, s);
      if (!auth) {
        ctx.status = 401;
        ctx.body = rejectionBody('unauthorized', 401);
        return;
      }
      session = { userId: auth.userId, sessionId: auth.sessionId };
    }
    let body: unknown = {};
    const text = await readBodyText(ctx);
    const action = typeof ctx.query.action === 'string' ? ctx.query.action : undefined;
    if (action !== undefined && text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        ctx.status = 500;
        ctx.body = rejectionBody('technical_error', 500);
        return;
      }
    }
    const result = await engine.handle({
      ...(action !== undefined ? { action } : {}),
      body,
      meta: requestMeta(ctx),
      locale: ctx.get('X-Language') || 'en',
      cookie: (name) => ctx.cookies.get(name) ?? undefined,
      ...(session ? { session } : {}),
    });
    for (const [k, v] of Object.entries(result.http.headers)) ctx.set(k, v);
    for (const c of result.http.cookies) ctx.append('Set-Cookie', c);
    if (result.http.session) {
      const { token, lifespanSeconds, retention } = result.http.session;
      setSessionCookie(ctx, s.config, token, { lifespanSeconds, retention });
      ctx.set('X-Session-Retention', retention);
    }
    if (result.http.clearSession) clearSessionCookie(ctx, s.config);
    ctx.status = result.body.status;
    ctx.body = result.body;
  };
  router.post('/flow/:name', (ctx) => handle(ctx, ctx.params.name ?? ''));
  for (const name of engines.keys()) router.post(`/${name}`, (ctx) => handle(ctx, name));
  return router;
}
