import type { DatabaseOptions } from '../persistence/db.ts';
import { ConfigError } from './errors.ts';
import type { Config } from './types.ts';

/**
 * Which database to open: the configured server, or the embedded PGlite when nothing was configured.
 * Mirrors upstream's fields (url wins; otherwise host/port/user/password/database) with its defaults.
 */
export function resolveDatabase(c: Config, configured: boolean): DatabaseOptions {
  const d = c.database;
  const dataDir = d.data_dir;
  if (d.dialect === 'pglite' || (!configured && !d.dialect && !d.url)) return { dialect: 'pglite', dataDir };
  if (d.url) {
    let url: URL;
    try {
      url = new URL(d.url);
    } catch {
      throw new ConfigError('database.url', 'must be a URL such as postgres://user:pass@host:5432/hanko');
    }
    const scheme = url.protocol.replace(/:$/, '');
    const dialect = dialectOf(d.dialect ?? scheme, 'database.url');
    if (dialect === 'mysql' && scheme !== 'mysql') url.protocol = 'mysql:';
    return { dialect, url: url.toString(), poolMax: 10 };
  }
  const dialect = dialectOf(d.dialect ?? 'postgres', 'database.dialect');
  if (dialect === 'pglite') return { dialect, dataDir };
  const url = new URL(`${dialect === 'mysql' ? 'mysql' : 'postgres'}://localhost`);
  url.hostname = d.host ?? 'localhost';
  url.port = String(d.port ?? (dialect === 'mysql' ? '3306' : '5432'));
  url.username = encodeURIComponent(d.user ?? 'hanko');
  url.password = encodeURIComponent(d.password ?? 'hanko');
  url.pathname = `/${d.database ?? 'hanko'}`;
  return { dialect, url: url.toString(), poolMax: 10 };
}

function dialectOf(name: string, key: string): 'postgres' | 'mysql' | 'pglite' {
  switch (name) {
    case 'postgres':
    case 'postgresql':
      return 'postgres';
    case 'mysql':
    case 'mariadb':
      return 'mysql';
    case 'pglite':
      return 'pglite';
    case 'cockroach':
      throw new ConfigError(key, 'cockroach is not supported; use postgres, mysql, mariadb or pglite');
    default:
      throw new ConfigError(
        key,
        `unknown database dialect "${name}"; use postgres, mysql, mariadb or pglite`,
      );
  }
}
