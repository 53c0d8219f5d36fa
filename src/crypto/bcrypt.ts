import bcrypt from 'bcryptjs';

/** Verifies an imported bcrypt hash (`$2a$`/`$2b$`/`$2y$`); only used to upgrade it to argon2id. */
export async function verifyBcrypt(stored: string, password: string): Promise<boolean> {
  try {
    return await bcrypt.compare(password, stored.replace(/^\$2y\$/, '$2b$'));
  } catch {
    return false;
  }
}
