/** Bucket keys of the flow API (rest-api.md §2.5). */
export const passcodeKey = (ip: string, email: string): string => `passcode/${ip}/${email}`;
export const passwordKey = (ip: string, userId: string): string => `password/${ip}/${userId}`;
export const otpKey = (ip: string, userId: string): string => `otp/${ip}/${userId}`;
export const tokenExchangeKey = (ip: string): string => `token_exchange/${ip}`;
