/** Flow glue for WebAuthn ceremonies: the stashed ceremony id and the queued ceremony writes. */

import type { WebauthnCredential } from '../persistence/repositories/webauthn-credentials.ts';
import { deleteCeremony, insertCeremony } from '../persistence/repositories/webauthn-session-data.ts';
import type { NewCeremony } from '../webauthn/ceremonies.ts';
import type { CredentialDescriptor } from '../webauthn/options.ts';
import type { FlowRuntime } from './engine/types.ts';
import { str } from './stash.ts';

/** Stash key of the flow's pending ceremony (`webauthn_session_data.id`). */
export const CEREMONY_KEY = 'webauthn_session_data_id';

export const stashedCeremonyId = (ctx: FlowRuntime): string | undefined => str(ctx.stash, CEREMONY_KEY);

/**
 * Makes `c` the flow's pending ceremony: stashes its id and queues its insert with the flow's writes. The
 * ceremony it replaces, if any, is deleted (a flow has at most one pending challenge).
 */
export function stashCeremony(ctx: FlowRuntime, c: NewCeremony): void {
  const previous = stashedCeremonyId(ctx);
  ctx.stash[CEREMONY_KEY] = c.row.id;
  ctx.write(async (trx) => {
    if (previous) await deleteCeremony(trx, previous);
    await insertCeremony(trx, c.row, c.allowed);
  });
}

export const descriptors = (creds: WebauthnCredential[]): CredentialDescriptor[] =>
  creds.map((c) => ({ id: c.id, transports: c.transports }));
