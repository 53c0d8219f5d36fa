/**
 * Admin `/webhooks`: CRUD of database webhooks (rest-api.md §6.11). Delivery is not done here. Validation
 * errors carry upstream's nested prefix. Beyond upstream v2, `PUT` accepts `enabled: false` (upstream v2 refused
 * it, so a hook could not be disabled), and repeated event names are stored once.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import {
  deleteWebhook,
  findWebhook,
  insertWebhook,
  listWebhooks,
  replaceWebhook,
  type WebhookInput,
} from '../persistence/repositories/webhooks.ts';
import { HttpError } from '../server/http-error.ts';
import type { Services } from '../services.ts';
import { isWebhookEvent } from '../webhooks/event-names.ts';
import { bodyObject, Checks, isHttpUrl, messages } from './validate.ts';
import { webhookView } from './views.ts';

const EXPIRY_MS = 30 * 24 * 60 * 60 * 1000;

/** Checks `callback`, `events` (and `enabled` for PUT) into `checks`; returns the input when valid. */
function webhookInput(body: Record<string, unknown>, checks: Checks, withEnabled: boolean, now: Date) {
  const { callback, events, enabled } = body;
  if (callback === undefined || callback === null || callback === '')
    checks.add(messages.required('callback'));
  else if (typeof callback !== 'string' || !isHttpUrl(callback)) checks.add(messages.url('callback'));
  else if (callback.length > 255) checks.add(messages.maxLength('callback', 255));
  if (events === undefined || events === null) checks.add(messages.required('events'));
  else if (!Array.isArray(events)) checks.add(messages.type('events', 'array', events));
  else if (events.length < 1) checks.add(messages.min('events', 1));
  else
    events.forEach((e, i) => {
      if (!isWebhookEvent(e)) checks.add(messages.event(String(e), `events[${i}]`));
    });
  if (withEnabled) {
    if (enabled === undefined || enabled === null) checks.add(messages.required('enabled'));
    else if (typeof enabled !== 'boolean') checks.add(messages.type('enabled', 'bool', enabled));
  }
  checks.throwIfAny();
  const input: WebhookInput = {
    callback: callback as string,
    events: [...new Set(events as string[])],
    enabled: withEnabled ? (enabled as boolean) : true,
    expiresAt: new Date(now.getTime() + EXPIRY_MS),
  };
  return input;
}

export function webhookRoutes(s: Services): Router {
  const router = new Router();
  const db = s.db.knex;

  const idParam = (ctx: Context, checks = new Checks(true)): string => {
    checks.uuid('id', ctx.params.id, 4);
    return (ctx.params.id ?? '').toLowerCase();
  };
  const notFound = (id: string) => new HttpError(404, `unable to find webhook with id: ${id}`);

  router.get('/webhooks', async (ctx) => {
    ctx.body = {
      database: (await listWebhooks(db)).map(webhookView),
      config: s.config.webhooks.hooks.map((h) => ({ callback: h.callback, events: h.events })),
    };
  });

  router.post('/webhooks', async (ctx) => {
    const now = s.now();
    const input = webhookInput(bodyObject(ctx.state.body, true), new Checks(true), false, now);
    const hook = await db.transaction(
      async (trx) => (await findWebhook(trx, await insertWebhook(trx, input, now)))!,
    );
    ctx.status = 201;
    ctx.body = webhookView(hook);
  });

  router.get('/webhooks/:id', async (ctx) => {
    const checks = new Checks(true);
    const id = idParam(ctx, checks);
    checks.throwIfAny();
    const hook = await findWebhook(db, id);
    if (!hook) throw notFound(id);
    ctx.body = webhookView(hook);
  });

  router.put('/webhooks/:id', async (ctx) => {
    const checks = new Checks(true);
    const id = idParam(ctx, checks);
    const now = s.now();
    const input = webhookInput(bodyObject(ctx.state.body, true), checks, true, now);
    const hook = await db.transaction(async (trx) => {
      if (!(await findWebhook(trx, id, { forUpdate: true }))) throw notFound(id);
      await replaceWebhook(trx, id, input, now);
      return (await findWebhook(trx, id))!;
    });
    ctx.body = webhookView(hook);
  });

  router.delete('/webhooks/:id', async (ctx) => {
    const checks = new Checks(true);
    const id = idParam(ctx, checks);
    checks.throwIfAny();
    if (!(await deleteWebhook(db, id))) throw notFound(id);
    ctx.status = 204;
  });

  return router;
}
