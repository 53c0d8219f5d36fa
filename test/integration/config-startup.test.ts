import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runCli, tempDir } from '../helpers/cli.ts';

/** Each bad configuration must stop `hanko serve` with a non-zero exit and one line naming the key. */
const cases: Array<{ name: string; yaml: string; line: RegExp }> = [
  {
    name: 'a secret shorter than 16 characters',
    yaml: 'secrets:\n  keys: ["short"]\n',
    line: /^hanko: secrets\.keys\[0\]: must be at least 16 characters$/,
  },
  {
    name: 'wildcard CORS without the unsafe flag',
    yaml: 'secrets:\n  keys: ["0123456789abcdefXYZ"]\nserver:\n  public:\n    cors:\n      allow_origins: ["*"]\n',
    line: /^hanko: server\.public\.cors\.allow_origins: "\*" is only allowed with server\.public\.cors\.unsafe_wildcard_origin_allowed: true$/,
  },
  {
    name: 'an unknown database dialect',
    yaml: 'secrets:\n  keys: ["0123456789abcdefXYZ"]\ndatabase:\n  dialect: oracle\n',
    line: /^hanko: database\.dialect: must be one of: /,
  },
  {
    name: 'a value of the wrong type',
    yaml: 'secrets:\n  keys: ["0123456789abcdefXYZ"]\nemail:\n  limit: "five"\n',
    line: /^hanko: email\.limit: must be of type integer$/,
  },
  {
    name: 'an empty SMTP host while email delivery is on',
    yaml: 'secrets:\n  keys: ["0123456789abcdefXYZ"]\nemail_delivery:\n  enabled: true\n  smtp:\n    host: ""\n',
    line: /^hanko: email_delivery\.smtp\.host: must not be empty while email_delivery\.enabled is true$/,
  },
  {
    name: 'a duration that does not parse',
    yaml: 'secrets:\n  keys: ["0123456789abcdefXYZ"]\nsession:\n  lifespan: "twelve hours"\n',
    line: /^hanko: session\.lifespan: must be a duration/,
  },
];

describe('startup refuses bad configuration', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const dir = tempDir();
      const file = path.join(dir, 'config.yaml');
      writeFileSync(file, c.yaml);
      const res = await runCli(['serve', 'all', '--config', file], { cwd: dir });
      assert.notEqual(res.code, 0);
      const lines = res.stderr.trim().split('\n');
      assert.equal(lines.length, 1, `expected one line, got:\n${res.stderr}`);
      assert.match(lines[0] as string, c.line);
    });
  }

  it('a bad environment variable names the key and the variable', async () => {
    const res = await runCli(['serve', 'all'], { env: { EMAIL_LIMIT: 'many' } });
    assert.notEqual(res.code, 0);
    assert.match(res.stderr.trim(), /^hanko: email\.limit \(EMAIL_LIMIT\): must be an integer$/);
  });

  it('an explicitly given config file that does not exist is fatal', async () => {
    const res = await runCli(['serve', 'all', '--config', '/nonexistent/hanko.yaml']);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /cannot read config file \/nonexistent\/hanko\.yaml/);
  });

  it('an unknown key is only a warning that names it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'config.yaml');
    writeFileSync(
      file,
      'secrets:\n  keys: ["0123456789abcdefXYZ"]\nfoo:\n  bar: 1\nsession:\n  colour: blue\n',
    );
    const res = await runCli(['config', 'show', '--config', file], { cwd: dir });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /unknown configuration key foo is ignored/);
    assert.match(res.stderr, /unknown configuration key session\.colour is ignored/);
  });

  it('config show redacts secrets', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'config.yaml');
    writeFileSync(
      file,
      'secrets:\n  keys: ["0123456789abcdefXYZ"]\ndatabase:\n  url: postgres://u:topsecret@db/hanko\nemail_delivery:\n  smtp:\n    password: smtp-pass-123\n',
    );
    const res = await runCli(['config', 'show', '--config', file], { cwd: dir });
    assert.equal(res.code, 0, res.stderr);
    assert.doesNotMatch(res.stdout, /0123456789abcdefXYZ|topsecret|smtp-pass-123/);
    const shown = JSON.parse(res.stdout);
    assert.deepEqual(shown.secrets.keys, ['[REDACTED]']);
    assert.equal(shown.email.max_length, 120);
  });
});
