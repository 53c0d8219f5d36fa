/** Byte and id encodings used by the WebAuthn ceremonies (flow-api.md §6: base64url without padding). */
import { randomBytes } from 'node:crypto';

export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export const toBase64Url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/** Decodes base64url (padding tolerated); undefined when the text is not base64url. */
export function fromBase64Url(text: string): Buffer | undefined {
  const bare = text.replace(/=+$/, '');
  if (!/^[A-Za-z0-9_-]*$/.test(bare)) return undefined;
  return Buffer.from(bare, 'base64url');
}

/** The 16 raw bytes of a UUID: the WebAuthn user handle of a user. */
export const uuidToBytes = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');

export const newChallenge = (): string => toBase64Url(randomBytes(32));
