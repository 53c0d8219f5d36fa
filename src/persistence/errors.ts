/** True for a unique-constraint violation on any of the supported databases. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; errno?: unknown } | null;
  return !!e && (e.code === '23505' || e.code === 'ER_DUP_ENTRY' || e.errno === 1062);
}
