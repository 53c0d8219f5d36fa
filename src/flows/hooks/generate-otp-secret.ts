import { generateTotpSecret, totpQrDataUrl, totpUri } from '../../mfa/totp.ts';
import type { HookImplementation } from '../engine/types.ts';
import { str } from '../stash.ts';
import { OTP_SECRET_KEY } from '../totp-enrolment.ts';

/**
 * Before `mfa_otp_secret_creation` (§4.15): a new TOTP secret, or the one already stashed when the state is
 * shown again (e.g. after a wrong code), with the QR code of its key URI for authenticator apps.
 */
export const generateOtpSecret: HookImplementation = async (ctx) => {
  let secret = str(ctx.stash, OTP_SECRET_KEY);
  if (!secret) {
    secret = generateTotpSecret();
    ctx.stash[OTP_SECRET_KEY] = secret;
  }
  const account = str(ctx.stash, 'email') ?? str(ctx.stash, 'username') ?? str(ctx.stash, 'user_id') ?? '';
  const uri = totpUri({ issuer: ctx.services.config.service.name, account, secret });
  ctx.payload.otp_secret = secret;
  ctx.payload.otp_image_source = await totpQrDataUrl(uri);
};
