import { ConfigError } from './errors.ts';
import type { Config } from './types.ts';

/** Cross-field checks that a JSON schema cannot express (config.md §3). */
export function checkSemantics(c: Config): void {
  for (const side of ['public', 'admin'] as const) {
    const server = c.server[side];
    if (!server.address || server.address.trim() === '') {
      throw new ConfigError(`server.${side}.address`, 'must not be empty');
    }
    const cors = server.cors;
    if (cors?.allow_origins?.includes('*') && !cors.unsafe_wildcard_origin_allowed) {
      throw new ConfigError(
        `server.${side}.cors.allow_origins`,
        `"*" is only allowed with server.${side}.cors.unsafe_wildcard_origin_allowed: true`,
      );
    }
  }
  for (const [i, k] of (c.server.admin.api_keys ?? []).entries()) {
    if (k.length < 16) throw new ConfigError(`server.admin.api_keys[${i}]`, 'must be at least 16 characters');
  }
  const d = c.database;
  if (d.dialect === 'cockroach') {
    throw new ConfigError(
      'database.dialect',
      'cockroach is not supported; use postgres, mysql, mariadb or pglite',
    );
  }
  if (c.email_delivery.enabled) {
    if (!String(c.email_delivery.smtp.host ?? '').trim()) {
      throw new ConfigError(
        'email_delivery.smtp.host',
        'must not be empty while email_delivery.enabled is true',
      );
    }
    if (!String(c.email_delivery.smtp.port ?? '').trim()) {
      throw new ConfigError(
        'email_delivery.smtp.port',
        'must not be empty while email_delivery.enabled is true',
      );
    }
  }
  if (!c.service.name.trim()) throw new ConfigError('service.name', 'must not be empty');
  if (!c.webauthn.relying_party.id.trim())
    throw new ConfigError('webauthn.relying_party.id', 'must not be empty');
  for (const [i, o] of c.webauthn.relying_party.origins.entries()) {
    if (o.startsWith('android:apk-key-hash:')) continue;
    let url: URL;
    try {
      url = new URL(o);
    } catch {
      throw new ConfigError(
        `webauthn.relying_party.origins[${i}]`,
        'must be a URL or android:apk-key-hash:<hash>',
      );
    }
    if (url.protocol !== 'https:' && url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') {
      throw new ConfigError(`webauthn.relying_party.origins[${i}]`, 'must use https (except for localhost)');
    }
  }
  if (c.rate_limiter.enabled && c.rate_limiter.store === 'redis' && !c.rate_limiter.redis_config?.address) {
    throw new ConfigError(
      'rate_limiter.redis_config.address',
      'is required when rate_limiter.store is redis',
    );
  }
  if (c.flow_locker.enabled && c.flow_locker.store === 'redis' && !c.flow_locker.redis_config?.address) {
    throw new ConfigError('flow_locker.redis_config.address', 'is required when flow_locker.store is redis');
  }
  for (const [i, ip] of (c.server.ip?.trusted_proxies ?? []).entries()) {
    if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(ip)) {
      throw new ConfigError(`server.ip.trusted_proxies[${i}]`, 'must be a CIDR such as 10.0.0.0/8');
    }
  }
  if (c.server.ip && c.server.ip.extractor !== 'direct' && !(c.server.ip.trusted_proxies ?? []).length) {
    throw new ConfigError(
      'server.ip.trusted_proxies',
      `needs at least one CIDR when extractor is ${c.server.ip.extractor}`,
    );
  }
}
