/** Upstream v2's legacy conversions (config.md §5), applied to the raw document before defaults. */
type Doc = Record<string, unknown>;

const obj = (parent: Doc, key: string): Doc => {
  const v = parent[key];
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Doc;
  const fresh: Doc = {};
  parent[key] = fresh;
  return fresh;
};

export function convertLegacy(raw: Doc): void {
  if (raw.convert_legacy_config === true) {
    const emails = obj(raw, 'emails');
    const email = obj(raw, 'email');
    email.limit = emails.max_num_of_addresses ?? 5;
    email.require_verification = emails.require_verification ?? true;
    const passcode = obj(raw, 'passcode');
    email.passcode_ttl = passcode.ttl ?? 300;
    if (raw.smtp !== undefined) obj(raw, 'email_delivery').smtp = raw.smtp;
    const password = obj(raw, 'password');
    // Upstream copies the old key's default (0) too; we keep the minimum length sane instead.
    if (password.min_password_length !== undefined) password.min_length = password.min_password_length;
    const webauthn = obj(raw, 'webauthn');
    if (webauthn.user_verification !== undefined)
      obj(raw, 'passkey').user_verification = webauthn.user_verification;
    if (webauthn.timeout !== undefined) {
      const timeouts = obj(webauthn, 'timeouts');
      timeouts.login = webauthn.timeout;
      timeouts.registration = webauthn.timeout;
    }
  }
  if (raw.convert_legacy_server_side_session_config !== false) {
    const session = raw.session;
    if (typeof session === 'object' && session !== null) {
      const s = session as Doc;
      const ss = s.server_side as Doc | undefined;
      if (ss && ss.enabled === true) {
        s.allow_revocation = true;
        s.acquire_ip_address = true;
        s.acquire_user_agent = true;
        s.show_on_profile = true;
        if (ss.limit !== undefined) s.limit = ss.limit;
      }
    }
  }
}
