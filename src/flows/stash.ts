import type { Stash } from '../../flows/definition.ts';

/** Typed access to the stash keys the flows use (flow-api.md §4). */
export const str = (s: Stash, k: string): string | undefined =>
  typeof s[k] === 'string' ? (s[k] as string) : undefined;
export const bool = (s: Stash, k: string): boolean => s[k] === true;
export const sticky = (s: Stash): Record<string, unknown> => {
  s.sticky ??= {};
  return s.sticky;
};
