/**
 * Webhook event names of the v2 baseline (events.md §1.1). Parents (`user`, `user.update.email`,
 * `user.update.username`) may be subscribed to but are never emitted; a subscription matches every event
 * whose name starts with it. The `session.*` events exist only upstream at HEAD and are not accepted.
 */
export const WEBHOOK_EVENTS = [
  'user',
  'user.create',
  'user.delete',
  'user.login',
  'user.update',
  'user.update.email',
  'user.update.email.create',
  'user.update.email.delete',
  'user.update.email.primary',
  'user.update.password.update',
  'user.update.username',
  'user.update.username.create',
  'user.update.username.update',
  'user.update.username.delete',
  'email.send',
] as const;

export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

const known: ReadonlySet<string> = new Set(WEBHOOK_EVENTS);

export const isWebhookEvent = (v: unknown): v is WebhookEventName => typeof v === 'string' && known.has(v);

/** True when a hook subscribed to `subscription` receives `event` (plain prefix test, like upstream). */
export const subscriptionMatches = (subscription: string, event: string): boolean =>
  event.startsWith(subscription);
