import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convertRendered, RESERVED_CLAIMS, renderTemplateClaims } from '../../src/sessions/jwt-template.ts';
import type { TemplateUser } from '../../src/sessions/jwt-template-user.ts';

function recorder() {
  const warnings: Array<{ obj: Record<string, unknown>; msg: string }> = [];
  return {
    warnings,
    logger: { warn: (obj: Record<string, unknown>, msg: string) => warnings.push({ obj, msg }) },
  };
}

const gamer: TemplateUser = {
  id: '5c2d0ea4-9f3a-4d5c-8b6e-1f2a3b4c5d6e',
  email: { address: 'gamer@example.com', is_verified: true },
  username: 'gamerdude',
  name: 'Gamer Dude',
  given_name: 'Gamer',
  family_name: 'Dude',
  picture: 'https://example.com/p.png',
  metadata: {
    public: JSON.stringify({
      display_name: 'GamerDude',
      favorite_games: [
        { name: 'Doom', genre: 'fps', hours: 120 },
        { name: 'Civilization', genre: 'strategy', hours: 300 },
      ],
      level: 42,
      premium: true,
    }),
    unsafe: JSON.stringify({ theme: 'dark' }),
  },
};

/** The example of events.md §3.3. */
const example = {
  role: 'user',
  verified: '{{ .User.Email.IsVerified }}',
  display_name: '{{ .User.Metadata.Public "display_name" }}',
  games: '{{ .User.Metadata.Public "favorite_games.#.genre" }}',
  scopes: ['read', '{{ if .User.Email.IsVerified }}admin{{ else }}basic{{ end }}'],
};

describe('renderTemplateClaims', () => {
  it('renders the events.md example', () => {
    const { logger, warnings } = recorder();
    assert.deepEqual(renderTemplateClaims(example, gamer, logger), {
      role: 'user',
      verified: true,
      display_name: 'GamerDude',
      games: ['fps', 'strategy'],
      scopes: ['read', 'admin'],
    });
    assert.equal(warnings.length, 0);
  });

  it('leaves out the claims whose template fails (no email, no metadata), with a warning each', () => {
    const { logger, warnings } = recorder();
    const user: TemplateUser = { id: 'u1', email: null, username: null, metadata: null };
    assert.deepEqual(renderTemplateClaims(example, user, logger), { role: 'user' });
    assert.deepEqual(warnings.map((w) => w.obj.claim).sort(), [
      'display_name',
      'games',
      'scopes',
      'verified',
    ]);
    assert.match(String(warnings[0]?.obj.err), /^template: /);
  });

  it('drops the whole top-level claim when a nested value fails', () => {
    const { logger } = recorder();
    const claims = {
      profile: { id: '{{ .User.UserID }}', nested: { bad: '{{ .User.Email.Address }}' } },
      ok: { id: '{{ .User.UserID }}', list: [1, true, '{{ .User.Username }}'] },
    };
    const user: TemplateUser = { id: 'u1', email: null, username: 'jo' };
    assert.deepEqual(renderTemplateClaims(claims, user, logger), { ok: { id: 'u1', list: [1, true, 'jo'] } });
  });

  it('drops a claim whose template does not parse, and never throws', () => {
    const { logger, warnings } = recorder();
    const out = renderTemplateClaims(
      { broken: '{{ if }}', undefinedFn: '{{ nope 1 }}', fine: 'x' },
      gamer,
      logger,
    );
    assert.deepEqual(out, { fine: 'x' });
    assert.equal(warnings.length, 2);
  });

  it('ignores the reserved claim names (as documented)', () => {
    const { logger, warnings } = recorder();
    const claims = Object.fromEntries([...RESERVED_CLAIMS].map((k) => [k, 'custom']));
    assert.deepEqual(renderTemplateClaims({ ...claims, extra: 'kept' }, gamer, logger), { extra: 'kept' });
    assert.equal(warnings.length, RESERVED_CLAIMS.size);
  });

  it('gives templates every .User accessor', () => {
    const { logger } = recorder();
    const out = renderTemplateClaims(
      {
        all: '{{.User.UserID}}|{{.User.Email.Address}}|{{.User.Email.IsPrimary}}|{{.User.Username}}|{{.User.Name}}|{{.User.GivenName}}|{{.User.FamilyName}}|{{.User.Picture}}',
        theme: '{{ .User.Metadata.Unsafe "theme" }}',
        level: '{{ .User.Metadata.Public "level" }}',
        premium: '{{ .User.Metadata.Public "premium" }}',
        top: '{{ .User.Metadata.Public "favorite_games.#(hours>200).name" }}',
        joined: '{{ .User.Metadata.Public "favorite_games" "0" "name" }}',
        whole: '{{ .User.Metadata.Unsafe }}',
        missing: '{{ .User.Metadata.Public "nope" }}',
      },
      gamer,
      logger,
    );
    assert.deepEqual(out, {
      all: `${gamer.id}|gamer@example.com|true|gamerdude|Gamer Dude|Gamer|Dude|https://example.com/p.png`,
      theme: 'dark',
      level: '42',
      premium: true,
      top: 'Civilization',
      joined: 'Doom',
      whole: { theme: 'dark' },
      missing: '',
    });
  });

  it('keeps numbers and booleans of the configuration as they are', () => {
    const { logger } = recorder();
    assert.deepEqual(renderTemplateClaims({ n: 3, b: false, f: 1.5, nested: { n: 0 } }, gamer, logger), {
      n: 3,
      b: false,
      f: 1.5,
      nested: { n: 0 },
    });
  });

  it('treats `{}` metadata documents as absent', () => {
    const { logger } = recorder();
    const user: TemplateUser = { ...gamer, metadata: { public: '{}', unsafe: null } };
    assert.deepEqual(
      renderTemplateClaims({ has: '{{ if .User.Metadata }}yes{{ else }}no{{ end }}' }, user, logger),
      {
        has: 'no',
      },
    );
  });

  it('keeps a key named __proto__ as data', () => {
    const { logger } = recorder();
    const claims = JSON.parse('{"obj":{"__proto__":"x"}}') as Record<string, unknown>;
    const out = renderTemplateClaims(claims, gamer, logger) as { obj: Record<string, unknown> };
    assert.equal(Object.getPrototypeOf(out.obj), Object.prototype);
    assert.deepEqual(Object.keys(out.obj), ['__proto__']);
  });
});

describe('convertRendered', () => {
  const cases: Array<[string, unknown]> = [
    ['true', true],
    ['false', false],
    ['True', 'True'],
    [' true', ' true'],
    ['{"a":[1,2]}', { a: [1, 2] }],
    ['[1,"x"]', [1, 'x']],
    ['[1,2', '[1,2'],
    ['{not json}', '{not json}'],
    ['42', '42'],
    ['null', 'null'],
    ['', ''],
  ];
  for (const [input, want] of cases)
    it(JSON.stringify(input), () => assert.deepEqual(convertRendered(input), want));
});
