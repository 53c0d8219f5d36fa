/** The built-in modifiers (`@name`), listed apart from their implementations to keep imports acyclic. */
export const MODIFIER_NAMES: ReadonlySet<string> = new Set([
  'pretty',
  'ugly',
  'reverse',
  'this',
  'flatten',
  'join',
  'valid',
  'keys',
  'values',
  'tostr',
  'fromstr',
  'group',
  'dig',
]);
