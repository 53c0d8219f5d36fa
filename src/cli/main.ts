import { parseArgs } from 'node:util';
import { ConfigError } from '../config/errors.ts';
import { commands } from './commands.ts';

const USAGE = `usage: hanko <command> [flags]

commands:
  serve public|admin|all   start the servers (--config FILE, --auto-migrate)
  migrate up               apply pending migrations (--config FILE)
  migrate down N           roll back N migrations (--config FILE)
  jwk create               print a new RSA private JWK for signing
  jwt create USER_ID       issue a session JWT for a user (--config FILE, --pretty=false)
  config show              print the effective configuration, secrets redacted (--config FILE)
  isready public|admin     exit 0 when that server answers /health/ready (--config FILE)
  user import|export|generate   import, export or generate users (hanko user --help)
  version                  print the version
`;

export async function main(argv: string[]): Promise<number> {
  // `user` has its own short flags (-i, -u, -o, -c, -n) and parses them itself.
  if (argv[0] === 'user' && commands.user) return commands.user(argv.slice(1), {});
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string' },
      'auto-migrate': { type: 'boolean' },
      pretty: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [name, ...rest] = positionals;
  if (!name || values.help) {
    process.stdout.write(USAGE);
    return name || values.help ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`hanko: unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  return command(rest, values);
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== -1) process.exitCode = code;
    },
    (err: unknown) => {
      if (err instanceof ConfigError) {
        process.stderr.write(`hanko: ${err.message}\n`);
      } else if (
        err instanceof Error &&
        (err as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
      ) {
        process.stderr.write(`hanko: ${err.message}\n`);
      } else {
        process.stderr.write(`hanko: ${err instanceof Error ? err.message : String(err)}\n`);
      }
      process.exitCode = 1;
    },
  );
}
