import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Config } from '../../src/config/types.ts';
import { isDuration } from '../../src/util/duration.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaNode = { [key: string]: Json };

const schemaPath = new URL('../../json_schema/hanko.config.json', import.meta.url);
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as SchemaNode;

function compile(): ValidateFunction {
  const ajv = new Ajv({ strict: true, useDefaults: true, allErrors: true });
  ajv.addKeyword('x-env');
  ajv.addKeyword('x-secret');
  addFormats.default(ajv);
  ajv.addFormat('duration', { type: 'string', validate: isDuration });
  return ajv.compile(schema);
}

const validate = compile();

const KEY = 'a-secret-key-of-32-characters!!!';

/** Validates a copy of `input` (defaults are filled into the copy) and returns it. */
function apply(input: Json): { ok: boolean; data: Config; errors: string } {
  const data = structuredClone(input);
  const ok = validate(data);
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`).join('; ');
  return { ok, data: data as unknown as Config, errors };
}

function isObject(v: Json | undefined): v is SchemaNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

interface Leaf {
  path: string;
  node: SchemaNode;
  fileOnly: boolean;
}

/**
 * Walks the schema and returns every leaf key. A node carrying `x-env` is a leaf even if it has structure
 * (webhooks.hooks); maps and lists of objects without `x-env` are descended into as "file only".
 */
function collect(): { leaves: Leaf[]; containers: Array<{ path: string; node: SchemaNode }> } {
  const leaves: Leaf[] = [];
  const containers: Array<{ path: string; node: SchemaNode }> = [];
  const walk = (node: SchemaNode, path: string, fileOnly: boolean): void => {
    if (node['x-env'] === undefined) {
      const props = node.properties;
      if (isObject(props)) {
        containers.push({ path, node });
        for (const [key, child] of Object.entries(props)) {
          assert.ok(isObject(child), `${path}.${key} is not a schema object`);
          walk(child, path === '' ? key : `${path}.${key}`, fileOnly);
        }
        return;
      }
      const values = node.additionalProperties;
      if (isObject(values) && isObject(values.properties)) {
        containers.push({ path, node });
        walk(values, `${path}.<key>`, true);
        return;
      }
      const items = node.items;
      if (isObject(items) && isObject(items.properties)) {
        containers.push({ path, node });
        walk(items, `${path}[]`, true);
        return;
      }
    }
    leaves.push({ path, node, fileOnly });
  };
  walk(schema, '', false);
  return { leaves, containers };
}

const { leaves, containers } = collect();
const envLeaves = leaves.filter((l) => !l.fileOnly);

function leaf(path: string): SchemaNode {
  const found = leaves.find((l) => l.path === path);
  assert.ok(found, `no leaf ${path}`);
  return found.node;
}

describe('config schema', () => {
  it('compiles in ajv strict mode and uses draft-07', () => {
    assert.equal(typeof validate, 'function');
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  });

  it('fills in the upstream code defaults', () => {
    const { ok, data, errors } = apply({ secrets: { keys: [KEY] } });
    assert.ok(ok, errors);
    assert.equal(data.email.max_length, 120);
    assert.equal(data.email.acquire_on_login, true);
    assert.equal(data.email.passcode_ttl, 300);
    assert.equal(data.session.lifespan, '12h');
    assert.equal(data.session.cookie.secure, true);
    assert.equal(data.session.cookie.same_site, 'strict');
    assert.equal(data.session.cookie.name, 'hanko');
    assert.equal(data.rate_limiter.passcode_limits.tokens, 3);
    assert.equal(data.rate_limiter.passcode_limits.interval, '1m');
    assert.equal(data.rate_limiter.password_limits.tokens, 5);
    assert.equal(data.mfa.device_trust_cookie_name, 'hanko-device-token');
    assert.equal(data.mfa.device_trust_duration, '720h');
    assert.deepEqual(data.server.public.cors.allow_origins, ['http://localhost:8888']);
    assert.deepEqual(data.webauthn.relying_party.origins, ['http://localhost:8888']);
    assert.equal(data.webauthn.timeout, 600000);
    assert.equal(data.server.public.address, ':8000');
    assert.equal(data.server.admin.address, ':8001');
    assert.deepEqual(data.server.admin.api_keys, []);
    assert.equal(data.server.ip.extractor, 'direct');
    assert.equal(data.log.log_health_and_metrics, false);
    assert.equal(data.convert_legacy_server_side_session_config, true);
    assert.equal(data.password.min_password_length, 0);
    assert.deepEqual(data.password.argon2, { memory: 19456, iterations: 2, parallelism: 1 });
    assert.equal(data.third_party.providers.github.allow_linking, true);
    assert.equal(data.third_party.providers.github.enabled, false);
    assert.equal(data.saml.options.sign_authn_requests, false);
    assert.equal(data.security_notifications.notifications.mfa_delete.enabled, true);
    assert.equal(data.email_delivery.smtp.port, '465');
    assert.equal(data.database.data_dir, './data');
    assert.deepEqual(data.webhooks.hooks, []);
  });

  it('leaves the loader-decided keys unset', () => {
    const { data } = apply({});
    assert.equal(data.secrets.keys, undefined);
    for (const key of ['host', 'port', 'user', 'password', 'database', 'url', 'dialect'] as const) {
      assert.equal(data.database[key], undefined, `database.${key}`);
    }
    assert.equal(data.session.audience, undefined);
    assert.equal(data.session.issuer, undefined);
    assert.equal(data.session.cookie.domain, undefined);
    assert.equal(data.email_delivery.smtp.secure, undefined);
  });

  it('fills defaults inside custom providers and SAML identity providers', () => {
    const { ok, data, errors } = apply({
      third_party: { custom_providers: { MyIdp: { client_id: 'x' } } },
      saml: { identity_providers: [{ domain: 'example.com' }] },
    });
    assert.ok(ok, errors);
    const custom = data.third_party.custom_providers.MyIdp;
    assert.ok(custom);
    assert.equal(custom.use_discovery, false);
    assert.equal(custom.allow_linking, false);
    assert.equal(custom.enabled, false);
    const idp = data.saml.identity_providers[0];
    assert.ok(idp);
    assert.equal(
      idp.attribute_map.email,
      'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
    );
  });

  it('describes every object and every leaf', () => {
    for (const { path, node } of [...containers, ...leaves]) {
      const d = node.description;
      assert.ok(typeof d === 'string' && d.length > 5, `missing description: ${path || '<root>'}`);
    }
  });

  it('gives every nested object an empty default', () => {
    for (const { path, node } of containers) {
      if (path === '' || node.type !== 'object' || path.endsWith('.<key>') || path.endsWith('[]')) continue;
      assert.deepEqual(node.default, {}, `missing "default": {} on ${path}`);
    }
  });

  it('names an environment variable for every leaf that can be set from the environment', () => {
    for (const { path, node, fileOnly } of leaves) {
      if (fileOnly) {
        assert.equal(node['x-env'], undefined, `file-only key ${path} must not have x-env`);
      } else {
        assert.match(String(node['x-env']), /^[A-Z][A-Z0-9_]*$/, `x-env of ${path}`);
      }
    }
    assert.ok(envLeaves.length > 200, `only ${envLeaves.length} env leaves`);
  });

  it('uses each environment variable name only once', () => {
    const seen = new Map<string, string>();
    for (const { path, node } of envLeaves) {
      const env = String(node['x-env']);
      assert.equal(seen.get(env), undefined, `${env} used by ${seen.get(env)} and ${path}`);
      seen.set(env, path);
    }
  });

  it('uses the irregular upstream environment variable names', () => {
    const expected: Record<string, string> = {
      'session.allow_revocation': 'SESSION_ALLOWREVOCATION',
      'session.jwt_template.claims': 'SESSION_JWTTEMPLATE_CLAIMS',
      'session.server_side.limit': 'SESSION_SERVERSIDE_LIMIT',
      'session.idle_timeout': 'SESSION_IDLE_TIMEOUT',
      'email.passcode_ttl': 'EMAIL_PASSCODETTL',
      'email.max_length': 'EMAIL_MAXLENGTH',
      'flow_locker.enabled': 'FLOWLOCKER_ENABLED',
      'flow_locker.redis_config.address': 'FLOWLOCKER_REDIS_ADDRESS',
      'rate_limiter.redis_config.password': 'RATE_LIMITER_REDIS_PASSWORD',
      'rate_limiter.otp_limits.interval': 'RATE_LIMITER_OTP_LIMITS_INTERVAL',
      'audit_log.console_output.output': 'AUDIT_LOG_CONSOLE_OUTPUT_OUTPUT_STREAM',
      'mfa.security_keys.user_verification': 'MFA_SECURITYKEYS_USER_VERIFICATION',
      'mfa.device_trust_policy': 'MFA_DEVICE_TRUST_POLICY',
      'saml.endpoint_url': 'SAML_ENDPOINT',
      'saml.options.validate_encryption_cert': 'SAML_OPTIONS_VALIDATEENCRYPTIONCERTIFICATE',
      'saml.allowed_redirect_urls': 'SAML_ALLOWED_REDIRECT_URLS',
      'secrets.key_management.key_id': 'SECRETS_KEYMANAGEMENT_KEYID',
      'security_notifications.notifications.primary_email_update.enabled':
        'SECURITYNOTIFICATIONS_NOTIFICATIONS_PRIMARYEMAILUPDATE_ENABLED',
      'server.ip.trusted_proxies': 'SERVER_IP_TRUSTEDPROXIES',
      'third_party.providers.linkedin.client_id': 'THIRD_PARTY_PROVIDERS_LINKEDIN_CLIENT_ID',
      'third_party.allowed_redirect_urls': 'THIRD_PARTY_ALLOWED_REDIRECT_URLS',
      'webhooks.allow_time_expiration': 'WEBHOOKS_ALLOWTIMEEXPIRATION',
      'webhooks.hooks': 'WEBHOOKS_HOOKS',
      'log.log_health_and_metrics': 'LOG_LOGHEALTHANDMETRICS',
      'account.allow_signup': 'ACCOUNT_ALLOWSIGNUP',
      'username.use_as_login_identifier': 'USERNAME_USEASLOGINIDENTIFIER',
      'username.min_length': 'USERNAME_MIN_LENGTH',
      'database.data_dir': 'DATABASE_DATA_DIR',
      'server.admin.api_keys': 'SERVER_ADMIN_API_KEYS',
      'password.argon2.memory': 'PASSWORD_ARGON2_MEMORY',
      'email_delivery.smtp.secure': 'EMAIL_DELIVERY_SMTP_SECURE',
    };
    for (const [path, env] of Object.entries(expected)) assert.equal(leaf(path)['x-env'], env, path);
  });

  it('has a default for every environment-settable leaf except the documented exceptions', () => {
    const withoutDefault = new Set([
      'secrets.keys',
      'secrets.key_management.key_id',
      'secrets.key_management.region',
      'database.database',
      'database.dialect',
      'database.host',
      'database.port',
      'database.user',
      'database.password',
      'database.url',
      'session.audience',
      'session.issuer',
      'session.cookie.domain',
      'session.idle_timeout',
      'session.jwt_template.claims',
      'session.server_side.limit',
      'email_delivery.smtp.user',
      'email_delivery.smtp.password',
      'email_delivery.smtp.secure',
      'smtp.user',
      'smtp.password',
      'flow_locker.ttl',
      'flow_locker.redis_config.address',
      'flow_locker.redis_config.password',
      'rate_limiter.redis_config.address',
      'rate_limiter.redis_config.password',
      'saml.endpoint_url',
      'saml.audience_uri',
      'saml.default_redirect_url',
      'third_party.redirect_url',
      'third_party.error_redirect_url',
      'third_party.default_redirect_url',
      'webauthn.relying_party.icon',
    ]);
    for (const p of ['apple', 'discord', 'github', 'google', 'linkedin', 'microsoft', 'facebook']) {
      for (const k of ['client_id', 'secret', 'prompt'])
        withoutDefault.add(`third_party.providers.${p}.${k}`);
    }
    for (const { path, node } of envLeaves) {
      assert.equal(node.default === undefined, withoutDefault.has(path), `default of ${path}`);
    }
  });

  it('marks secrets', () => {
    const secrets = leaves.filter((l) => l.node['x-secret'] === true).map((l) => l.path);
    for (const path of [
      'secrets.keys',
      'database.password',
      'database.url',
      'email_delivery.smtp.password',
      'smtp.password',
      'rate_limiter.redis_config.password',
      'flow_locker.redis_config.password',
      'server.admin.api_keys',
      'third_party.providers.google.secret',
      'third_party.custom_providers.<key>.secret',
    ]) {
      assert.ok(secrets.includes(path), `${path} is not marked x-secret`);
    }
  });

  it('never forbids unknown keys', () => {
    const text = readFileSync(schemaPath, 'utf8');
    assert.doesNotMatch(text, /"additionalProperties":\s*false/);
    const { ok, errors } = apply({ secrets: { keys: [KEY] }, unknown_key: 1, email: { whatever: true } });
    assert.ok(ok, errors);
  });

  it("accepts upstream's minimal configuration", () => {
    const { ok, data, errors } = apply({
      email_delivery: {
        smtp: { port: '465', host: 'smtp.example.com', user: 'example', password: 'example' },
      },
      database: { url: 'postgres://postgres:123456@127.0.0.1:5432/dummy' },
      secrets: { keys: ['abcedfghijklmnopqrstuvwxyz'] },
      service: { name: 'Hanko Authentication Service' },
    });
    assert.ok(ok, errors);
    assert.equal(data.email_delivery.smtp.host, 'smtp.example.com');
    assert.equal(data.email_delivery.from_address, 'noreply@hanko.io');
  });

  it('accepts ports as strings or numbers', () => {
    assert.ok(apply({ database: { port: 5432 }, email_delivery: { smtp: { port: 587 } } }).ok);
    assert.ok(apply({ database: { port: '5432' }, smtp: { port: '25' } }).ok);
    assert.equal(apply({ database: { port: true } }).ok, false);
    assert.equal(apply({ database: { port: 70000 } }).ok, false);
  });

  it('checks durations', () => {
    assert.ok(apply({ session: { lifespan: '2h45m', idle_timeout: '30m' } }).ok);
    assert.ok(apply({ session: { idle_timeout: '' } }).ok);
    assert.equal(apply({ session: { lifespan: '12 hours' } }).ok, false);
    assert.equal(apply({ session: { idle_timeout: 'soon' } }).ok, false);
    assert.equal(apply({ rate_limiter: { otp_limits: { interval: '-1m' } } }).ok, false);
  });

  it('checks secrets, enums and lists', () => {
    assert.equal(apply({ secrets: { keys: ['too-short'] } }).ok, false);
    assert.equal(apply({ secrets: { keys: [] } }).ok, false);
    assert.equal(apply({ server: { admin: { api_keys: ['short'] } } }).ok, false);
    assert.equal(apply({ database: { dialect: 'sqlite' } }).ok, false);
    assert.ok(apply({ database: { dialect: 'pglite' } }).ok);
    assert.equal(apply({ session: { cookie: { same_site: 'sometimes' } } }).ok, false);
    assert.equal(apply({ webauthn: { relying_party: { origins: [] } } }).ok, false);
    assert.ok(apply({ email: { passcode_charset: '' } }).ok);
    assert.ok(
      apply({
        webhooks: { enabled: true, hooks: [{ callback: 'https://example.com/hook', events: ['user'] }] },
      }).ok,
    );
  });
});
