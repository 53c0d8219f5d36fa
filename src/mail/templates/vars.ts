/** The validated variables every template file receives. */
export interface TemplateVars {
  service: string;
  /** Passcode templates only. */
  code: string;
  /** Passcode templates only: validity rounded up to whole minutes (at least 1). */
  minutes: number;
  newAddress?: string;
  oldAddress?: string;
  deletedAddress?: string;
}
