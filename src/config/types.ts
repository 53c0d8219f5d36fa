/**
 * Shape of the configuration after `json_schema/hanko.config.json` has been applied with defaults
 * (ajv `useDefaults`). Keys that have a default in the schema are required here; keys without one are
 * optional. The schema's descriptions are the reference for the meaning of every key.
 *
 * Durations are Go duration strings (see `src/util/duration.ts`); ports may be strings or numbers.
 */

export type AcquireMode = 'always' | 'conditional' | 'never';
export type UserVerification = 'required' | 'preferred' | 'discouraged';
export type AttestationPreference = 'direct' | 'indirect' | 'none';
export type StoreType = 'in_memory' | 'redis';
export type DatabaseDialect = 'postgres' | 'mysql' | 'mariadb' | 'cockroach' | 'pglite';
export type Port = string | number;

export interface Config {
  account: AccountConfig;
  audit_log: AuditLogConfig;
  convert_legacy_config: boolean;
  convert_legacy_server_side_session_config: boolean;
  database: DatabaseConfig;
  debug: boolean;
  email: EmailConfig;
  email_delivery: EmailDeliveryConfig;
  /** Deprecated: replaced by `email`. */
  emails: LegacyEmailsConfig;
  flow_locker: FlowLockerConfig;
  log: LogConfig;
  mfa: MfaConfig;
  /** Deprecated: replaced by `email.passcode_ttl`. */
  passcode: LegacyPasscodeConfig;
  passkey: PasskeyConfig;
  password: PasswordConfig;
  privacy: PrivacyConfig;
  rate_limiter: RateLimiterConfig;
  saml: SamlConfig;
  secrets: SecretsConfig;
  security_notifications: SecurityNotificationsConfig;
  server: ServerConfig;
  service: ServiceConfig;
  session: SessionConfig;
  /** Deprecated: replaced by `email_delivery.smtp`. */
  smtp: LegacySmtpConfig;
  third_party: ThirdPartyConfig;
  username: UsernameConfig;
  webauthn: WebauthnConfig;
  webhooks: WebhooksConfig;
}

export interface AccountConfig {
  allow_deletion: boolean;
  allow_signup: boolean;
}

export interface AuditLogConfig {
  console_output: {
    enabled: boolean;
    output: 'stdout' | 'stderr';
  };
  storage: {
    enabled: boolean;
  };
  mask: boolean;
  /** Duration. */
  retention: string;
}

export interface DatabaseConfig {
  database?: string;
  dialect?: DatabaseDialect;
  host?: string;
  port?: Port;
  user?: string;
  password?: string;
  url?: string;
  /** hanko-ts extension. */
  data_dir: string;
}

export interface EmailConfig {
  enabled: boolean;
  optional: boolean;
  acquire_on_registration: boolean;
  acquire_on_login: boolean;
  require_verification: boolean;
  limit: number;
  max_length: number;
  use_as_login_identifier: boolean;
  use_for_authentication: boolean;
  /** Seconds. */
  passcode_ttl: number;
  /** An empty string means `numeric`. */
  passcode_charset: 'numeric' | 'alphanumeric' | '';
}

export interface SmtpConfig {
  host: string;
  port: Port;
  user?: string;
  password?: string;
  /** hanko-ts extension; when unset, implicit TLS is used only on port 465. */
  secure?: boolean;
}

export interface EmailDeliveryConfig {
  enabled: boolean;
  from_address: string;
  from_name: string;
  smtp: SmtpConfig;
}

export interface LegacyEmailsConfig {
  require_verification: boolean;
  max_num_of_addresses: number;
}

export interface RedisConfig {
  address?: string;
  password?: string;
}

export interface FlowLockerConfig {
  enabled: boolean;
  store: StoreType;
  redis_config: RedisConfig;
  /** Duration; unset or zero means 15 seconds. */
  ttl?: string;
}

export interface LogConfig {
  log_health_and_metrics: boolean;
}

export interface MfaConfig {
  enabled: boolean;
  optional: boolean;
  acquire_on_registration: boolean;
  acquire_on_login: boolean;
  device_trust_policy: 'always' | 'prompt' | 'never';
  /** Duration. */
  device_trust_duration: string;
  device_trust_cookie_name: string;
  device_trust_max_users_per_device: number;
  security_keys: {
    enabled: boolean;
    limit: number;
    attestation_preference: AttestationPreference;
    authenticator_attachment: 'platform' | 'cross-platform' | 'no_preference';
    user_verification: UserVerification;
  };
  totp: {
    enabled: boolean;
  };
}

export interface LegacyPasscodeConfig {
  /** Seconds. */
  ttl: number;
}

export interface PasskeyConfig {
  enabled: boolean;
  optional: boolean;
  acquire_on_registration: AcquireMode;
  acquire_on_login: AcquireMode;
  user_verification: UserVerification;
  attestation_preference: AttestationPreference;
  limit: number;
}

export interface PasswordConfig {
  enabled: boolean;
  optional: boolean;
  acquire_on_registration: AcquireMode;
  acquire_on_login: AcquireMode;
  recovery: boolean;
  min_length: number;
  /** Deprecated: replaced by `min_length`. */
  min_password_length: number;
  /** hanko-ts extension. */
  argon2: {
    /** KiB. */
    memory: number;
    iterations: number;
    parallelism: number;
  };
}

export interface PrivacyConfig {
  show_account_existence_hints: boolean;
  only_show_actual_login_methods: boolean;
}

export interface RateLimits {
  tokens: number;
  /** Duration. */
  interval: string;
}

export interface RateLimiterConfig {
  enabled: boolean;
  store: StoreType;
  redis_config: RedisConfig;
  passcode_limits: RateLimits;
  password_limits: RateLimits;
  otp_limits: RateLimits;
  token_limits: RateLimits;
}

export interface SamlAttributeMap {
  name: string;
  family_name: string;
  given_name: string;
  middle_name?: string;
  nickname?: string;
  preferred_username?: string;
  profile?: string;
  picture?: string;
  website?: string;
  gender?: string;
  birthdate?: string;
  zone_info?: string;
  locale?: string;
  updated_at?: string;
  email: string;
  email_verified?: string;
  phone?: string;
  phone_verified?: string;
}

export interface SamlIdentityProvider {
  enabled: boolean;
  name?: string;
  domain?: string;
  metadata_url?: string;
  skip_email_verification: boolean;
  attribute_map: SamlAttributeMap;
}

export interface SamlConfig {
  enabled: boolean;
  endpoint_url?: string;
  audience_uri?: string;
  default_redirect_url?: string;
  allowed_redirect_urls: string[];
  options: {
    sign_authn_requests: boolean;
    force_login: boolean;
    validate_encryption_cert: boolean;
    skip_signature_validation: boolean;
    allow_missing_attributes: boolean;
  };
  identity_providers: SamlIdentityProvider[];
}

export interface SecretsConfig {
  /** No default: generated for the embedded database, otherwise required. */
  keys?: string[];
  key_management: {
    type: 'local' | 'aws_kms';
    key_id?: string;
    region?: string;
  };
}

export interface SecurityNotificationSetting {
  enabled: boolean;
}

export interface SecurityNotificationsConfig {
  notifications: {
    password_update: SecurityNotificationSetting;
    primary_email_update: SecurityNotificationSetting;
    email_create: SecurityNotificationSetting;
    email_delete: SecurityNotificationSetting;
    passkey_create: SecurityNotificationSetting;
    mfa_create: SecurityNotificationSetting;
    mfa_delete: SecurityNotificationSetting;
  };
}

export interface CorsConfig {
  allow_origins: string[];
  unsafe_wildcard_origin_allowed: boolean;
}

export interface ServerConfig {
  public: {
    address: string;
    cors: CorsConfig;
  };
  admin: {
    address: string;
    cors: CorsConfig;
    /** hanko-ts extension. */
    api_keys: string[];
  };
  ip: {
    extractor: 'direct' | 'x_forwarded_for' | 'x_real_ip';
    /** CIDR ranges. */
    trusted_proxies: string[];
  };
}

export interface ServiceConfig {
  name: string;
}

export interface SessionCookieConfig {
  name: string;
  domain?: string;
  http_only: boolean;
  same_site: 'strict' | 'lax' | 'none';
  secure: boolean;
  retention: 'session' | 'persistent' | 'prompt';
}

export interface SessionConfig {
  /** Duration. */
  lifespan: string;
  enable_auth_token_header: boolean;
  audience?: string[];
  issuer?: string;
  cookie: SessionCookieConfig;
  allow_revocation: boolean;
  acquire_ip_address: boolean;
  acquire_user_agent: boolean;
  limit: number;
  show_on_profile: boolean;
  /** Duration; unset, empty or zero disables the idle timeout. */
  idle_timeout?: string;
  jwt_template: {
    claims?: Record<string, unknown>;
  };
  /** Deprecated. */
  server_side: {
    enabled: boolean;
    limit?: number;
  };
}

export interface LegacySmtpConfig {
  host: string;
  port: Port;
  user?: string;
  password?: string;
}

export interface ThirdPartyProviderConfig {
  enabled: boolean;
  client_id?: string;
  secret?: string;
  allow_linking: boolean;
  prompt?: string;
}

export type ThirdPartyProviderName =
  | 'apple'
  | 'discord'
  | 'github'
  | 'google'
  | 'linkedin'
  | 'microsoft'
  | 'facebook';

export interface CustomThirdPartyProviderConfig {
  enabled: boolean;
  display_name?: string;
  client_id?: string;
  secret?: string;
  scopes?: string[];
  use_discovery: boolean;
  issuer?: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  userinfo_endpoint?: string;
  attribute_mapping?: Record<string, string>;
  allow_linking: boolean;
  prompt?: string;
  acr_values?: string[];
}

export interface ThirdPartyConfig {
  redirect_url?: string;
  error_redirect_url?: string;
  default_redirect_url?: string;
  allowed_redirect_urls: string[];
  providers: Record<ThirdPartyProviderName, ThirdPartyProviderConfig>;
  custom_providers: Record<string, CustomThirdPartyProviderConfig>;
}

export interface UsernameConfig {
  enabled: boolean;
  optional: boolean;
  acquire_on_registration: boolean;
  acquire_on_login: boolean;
  use_as_login_identifier: boolean;
  min_length: number;
  max_length: number;
}

export interface WebauthnConfig {
  relying_party: {
    id: string;
    display_name: string;
    icon?: string;
    origins: string[];
  };
  timeouts: {
    /** Milliseconds. */
    registration: number;
    /** Milliseconds. */
    login: number;
  };
  /** Deprecated: milliseconds; replaced by `timeouts`. */
  timeout: number;
  /** Deprecated: replaced by `passkey.user_verification`. */
  user_verification: UserVerification;
}

export interface WebhookConfig {
  callback?: string;
  events?: string[];
}

export interface WebhooksConfig {
  enabled: boolean;
  allow_time_expiration: boolean;
  hooks: WebhookConfig[];
}
