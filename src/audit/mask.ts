/** Audit-log masking (events.md §2.4). */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return maskUsername(address);
  const local = [...address.slice(0, at)];
  const domain = address.slice(at);
  const n = local.length;
  if (n === 0) return `******${domain}`;
  if (n <= 6) return `${local[0]}${'*'.repeat(5)}${domain}`;
  return `${local.slice(0, 3).join('')}${'*'.repeat(n - 3)}${domain}`;
}

export function maskUsername(username: string): string {
  const chars = [...username];
  const n = chars.length;
  if (n === 0) return '';
  if (n === 1) return '*';
  const stars = n - 2 + (n <= 3 ? 6 - n : 0);
  return `${chars[0]}${'*'.repeat(stars)}${chars[n - 1]}`;
}
