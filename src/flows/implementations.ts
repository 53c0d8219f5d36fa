import { accountDelete } from './actions/account-delete.ts';
import { continueToLoginOtp } from './actions/continue-to-login-otp.ts';
import { continueToLoginSecurityKey } from './actions/continue-to-login-security-key.ts';
import { continueToOtpSecretCreation } from './actions/continue-to-otp-secret-creation.ts';
import { continueToPasscodeConfirmation } from './actions/continue-to-passcode-confirmation.ts';
import { continueToPasscodeConfirmationRecovery } from './actions/continue-to-passcode-confirmation-recovery.ts';
import { continueToPasskeyRegistration } from './actions/continue-to-passkey-registration.ts';
import { continueToPasswordLogin } from './actions/continue-to-password-login.ts';
import { continueToPasswordRegistration } from './actions/continue-to-password-registration.ts';
import { continueToSecurityKeyCreation } from './actions/continue-to-security-key-creation.ts';
import { continueWithLoginIdentifier } from './actions/continue-with-login-identifier.ts';
import { emailAddressSet } from './actions/email-address-set.ts';
import { emailCreate } from './actions/email-create.ts';
import { emailDelete } from './actions/email-delete.ts';
import { emailSetPrimary } from './actions/email-set-primary.ts';
import { emailVerify } from './actions/email-verify.ts';
import { otpCodeValidate } from './actions/otp-code-validate.ts';
import { otpCodeVerify } from './actions/otp-code-verify.ts';
import { passwordCreate, passwordUpdate } from './actions/password-create.ts';
import { passwordDelete } from './actions/password-delete.ts';
import { passwordLogin } from './actions/password-login.ts';
import { passwordRecovery } from './actions/password-recovery.ts';
import { patchMetadata } from './actions/patch-metadata.ts';
import { registerClientCapabilities } from './actions/register-client-capabilities.ts';
import { registerLoginIdentifier } from './actions/register-login-identifier.ts';
import { registerPassword } from './actions/register-password.ts';
import { rememberMe } from './actions/remember-me.ts';
import { resendPasscode } from './actions/resend-passcode.ts';
import { sessionDelete } from './actions/session-delete.ts';
import { skip } from './actions/skip.ts';
import { trustDevice } from './actions/trust-device.ts';
import { usernameCreate, usernameDelete, usernameUpdate } from './actions/username-create.ts';
import { verifyPasscode } from './actions/verify-passcode.ts';
import { securityKeyCreate, webauthnCredentialCreate } from './actions/webauthn-credential-create.ts';
import {
  otpSecretDelete,
  securityKeyDelete,
  webauthnCredentialDelete,
  webauthnCredentialRename,
} from './actions/webauthn-credential-manage.ts';
import { webauthnGenerateCreationOptions } from './actions/webauthn-generate-creation-options.ts';
import { webauthnGenerateRequestOptions } from './actions/webauthn-generate-request-options.ts';
import { webauthnVerifyAssertionResponse } from './actions/webauthn-verify-assertion-response.ts';
import { webauthnVerifyAttestationResponse } from './actions/webauthn-verify-attestation-response.ts';
import type { FlowImplementations } from './engine/types.ts';
import { conditionalUiRequestOptions } from './hooks/conditional-ui-request-options.ts';
import { createOnboardingEmail } from './hooks/create-onboarding-email.ts';
import { createUser } from './hooks/create-user.ts';
import { generateOtpSecret } from './hooks/generate-otp-secret.ts';
import { issueDeviceTrust } from './hooks/issue-device-trust.ts';
import { issueSessionHook } from './hooks/issue-session.ts';
import { loadSessionUser } from './hooks/load-session-user.ts';
import { markMfaChooserVisited } from './hooks/mark-mfa-chooser-visited.ts';
import { persistEmailVerified } from './hooks/persist-email-verified.ts';
import { profilePayload } from './hooks/profile-payload.ts';
import { savePassword } from './hooks/save-password.ts';
import { saveWebauthnCredentials } from './hooks/save-webauthn-credentials.ts';
import { scheduleOnboarding } from './hooks/schedule-onboarding.ts';
import { sendPasscode } from './hooks/send-passcode.ts';
import { successUserView } from './hooks/success-user-view.ts';
import { userPayload } from './hooks/user-payload.ts';

/** Names used in flows/*.ts → their implementations. */
export const flowImplementations: FlowImplementations = {
  actions: {
    password_create: passwordCreate,
    password_update: passwordUpdate,
    password_delete: passwordDelete,
    webauthn_credential_create: webauthnCredentialCreate,
    webauthn_credential_rename: webauthnCredentialRename,
    webauthn_credential_delete: webauthnCredentialDelete,
    security_key_create: securityKeyCreate,
    security_key_delete: securityKeyDelete,
    otp_secret_delete: otpSecretDelete,
    account_delete: accountDelete,
    email_create: emailCreate,
    email_delete: emailDelete,
    email_set_primary: emailSetPrimary,
    email_verify: emailVerify,
    patch_metadata: patchMetadata,
    session_delete: sessionDelete,
    username_update: usernameUpdate,
    username_delete: usernameDelete,
    register_client_capabilities: registerClientCapabilities,
    continue_with_login_identifier: continueWithLoginIdentifier,
    remember_me: rememberMe,
    verify_passcode: verifyPasscode,
    resend_passcode: resendPasscode,
    register_login_identifier: registerLoginIdentifier,
    username_create: usernameCreate,
    email_address_set: emailAddressSet,
    skip,
    webauthn_generate_request_options: webauthnGenerateRequestOptions,
    webauthn_verify_assertion_response: webauthnVerifyAssertionResponse,
    webauthn_generate_creation_options: webauthnGenerateCreationOptions,
    webauthn_verify_attestation_response: webauthnVerifyAttestationResponse,
    continue_to_password_login: continueToPasswordLogin,
    continue_to_passcode_confirmation: continueToPasscodeConfirmation,
    password_login: passwordLogin,
    continue_to_passcode_confirmation_recovery: continueToPasscodeConfirmationRecovery,
    password_recovery: passwordRecovery,
    register_password: registerPassword,
    continue_to_passkey_registration: continueToPasskeyRegistration,
    continue_to_password_registration: continueToPasswordRegistration,
    continue_to_otp_secret_creation: continueToOtpSecretCreation,
    continue_to_security_key_creation: continueToSecurityKeyCreation,
    otp_code_verify: otpCodeVerify,
    otp_code_validate: otpCodeValidate,
    continue_to_login_security_key: continueToLoginSecurityKey,
    continue_to_login_otp: continueToLoginOtp,
    trust_device: trustDevice,
  },
  hooks: {
    success_user_view: successUserView,
    load_session_user: loadSessionUser,
    profile_payload: profilePayload,
    send_passcode: sendPasscode,
    conditional_ui_request_options: conditionalUiRequestOptions,
    save_webauthn_credentials: saveWebauthnCredentials,
    schedule_onboarding: scheduleOnboarding,
    create_onboarding_email: createOnboardingEmail,
    persist_email_verified: persistEmailVerified,
    save_password: savePassword,
    create_user: createUser,
    user_payload: userPayload,
    issue_session: issueSessionHook,
    mark_mfa_chooser_visited: markMfaChooserVisited,
    generate_otp_secret: generateOtpSecret,
    issue_device_trust: issueDeviceTrust,
  },
};
