import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { get, parse, valid } from '../../src/gjson/index.ts';

/** The sample document of GJSON's SYNTAX.md. */
const json = `{
  "name": {"first": "Tom", "last": "Anderson"},
  "age":37,
  "children": ["Sara","Alex","Jack"],
  "fav.movie": "Deer Hunter",
  "friends": [
    {"first": "Dale", "last": "Murphy", "age": 44, "nets": ["ig", "fb", "tw"]},
    {"first": "Roger", "last": "Craig", "age": 68, "nets": ["fb", "tw"]},
    {"first": "Jane", "last": "Murphy", "age": 47, "nets": ["ig", "tw"]}
  ]
}`;

const DALE = '{"first": "Dale", "last": "Murphy", "age": 44, "nets": ["ig", "fb", "tw"]}';
const ROGER = '{"first": "Roger", "last": "Craig", "age": 68, "nets": ["fb", "tw"]}';
const JANE = '{"first": "Jane", "last": "Murphy", "age": 47, "nets": ["ig", "tw"]}';

/** [path, raw JSON of the result ('' when it does not exist)] */
function rawCases(cases: Array<[string, string]>, doc = json) {
  for (const [path, raw] of cases) {
    it(path, () => {
      const r = get(doc, path);
      assert.equal(r.raw, raw);
      assert.equal(r.exists(), raw !== '');
    });
  }
}

describe('gjson: SYNTAX.md basic, wildcards, escapes, arrays', () => {
  rawCases([
    ['name.last', '"Anderson"'],
    ['name.first', '"Tom"'],
    ['age', '37'],
    ['children', '["Sara","Alex","Jack"]'],
    ['children.0', '"Sara"'],
    ['children.1', '"Alex"'],
    ['friends.1', ROGER],
    ['friends.1.first', '"Roger"'],
    ['child*.2', '"Jack"'],
    ['c?ildren.0', '"Sara"'],
    ['fav\\.movie', '"Deer Hunter"'],
    ['friends.#', '3'],
    ['friends.#.age', '[44,68,47]'],
  ]);
});

describe('gjson: SYNTAX.md queries', () => {
  rawCases([
    ['friends.#(last=="Murphy").first', '"Dale"'],
    ['friends.#(last=="Murphy")#.first', '["Dale","Jane"]'],
    ['friends.#(age>45)#.last', '["Craig","Murphy"]'],
    ['friends.#(first%"D*").last', '"Murphy"'],
    ['friends.#(first!%"D*").last', '"Craig"'],
    ['children.#(!%"*a*")', '"Alex"'],
    ['children.#(%"*a*")#', '["Sara","Jack"]'],
    ['friends.#(nets.#(=="fb"))#.first', '["Dale","Roger"]'],
    ['friends.#(age>=47)#.first', '["Roger","Jane"]'],
    ['friends.#(age<=47)#.first', '["Dale","Jane"]'],
    ['friends.#(age!=44)#.first', '["Roger","Jane"]'],
    ['friends.#(first<="Jane")#.first', '["Dale","Jane"]'],
    ['friends.#(age>100)', ''],
    ['friends.#(age>100)#', '[]'],
    ['friends.#[last="Murphy"].first', '"Dale"'],
  ]);
  const vals = `{"vals":[{ "a": 1, "b": "data" },{ "a": 2, "b": true },{ "a": 3, "b": false },{ "a": 4, "b": "0" },
    { "a": 5, "b": 0 },{ "a": 6, "b": "1" },{ "a": 7, "b": 1 },{ "a": 8, "b": "true" },{ "a": 9, "b": false },
    { "a": 10, "b": null },{ "a": 11 }]}`;
  rawCases(
    [
      ['vals.#(b==~true)#.a', '[2,6,7,8]'],
      ['vals.#(b==~false)#.a', '[3,4,5,9,10,11]'],
      ['vals.#(b==~null)#.a', '[10,11]'],
      ['vals.#(b==~*)#.a', '[1,2,3,4,5,6,7,8,9,10]'],
      ['vals.#(b!=~*)#.a', '[11]'],
    ],
    vals,
  );
});

describe('gjson: SYNTAX.md dot vs pipe', () => {
  rawCases([
    ['friends.0.first', '"Dale"'],
    ['friends|0.first', '"Dale"'],
    ['friends.0|first', '"Dale"'],
    ['friends|0|first', '"Dale"'],
    ['friends|#', '3'],
    ['friends.#', '3'],
    ['friends.#(last="Murphy")#', `[${DALE},${JANE}]`],
    ['friends.#(last="Murphy")#.first', '["Dale","Jane"]'],
    ['friends.#(last="Murphy")#|first', ''],
    ['friends.#(last="Murphy")#.0', '[]'],
    ['friends.#(last="Murphy")#|0', DALE],
    ['friends.#(last="Murphy")#.#', '[]'],
    ['friends.#(last="Murphy")#|#', '2'],
  ]);
});

describe('gjson: SYNTAX.md modifiers', () => {
  rawCases([
    ['children.@reverse', '["Jack","Alex","Sara"]'],
    ['children.@reverse.0', '"Jack"'],
    ['name.@keys', '["first","last"]'],
    ['name.@values', '["Tom","Anderson"]'],
    ['name.@tostr', '"{\\"first\\": \\"Tom\\", \\"last\\": \\"Anderson\\"}"'],
    ['name.@tostr|@fromstr|first', '"Tom"'],
    ['@this.age', '37'],
    // inside a multipath, `[1,[2]]` is a path, not a literal: it selects nothing
    ['[children,[1,[2,[3]]]]|@flatten', '["Sara","Alex","Jack",[[]]]'],
    ['friends.@join', `{"first":"Jane","last":"Murphy","age":47,"nets":["ig", "tw"]}`],
    ['friends.#(age>45).nets|@reverse', '["tw","fb"]'],
    ['@dig:first', '["Tom","Dale","Roger","Jane"]'],
  ]);
  it('@flatten (shallow and deep) and @join', () => {
    const doc = '{"x":[1,[2],[3,4],[5,[6,7]]],"o":[{"a":1},{"a":2,"b":3}]}';
    assert.equal(get(doc, 'x|@flatten').raw, '[1,2,3,4,5,[6,7]]');
    assert.equal(get(doc, 'x|@flatten:{"deep":true}').raw, '[1,2,3,4,5,6,7]');
    assert.equal(get(doc, 'o|@join').raw, '{"a":2,"b":3}');
    assert.equal(get(doc, 'o|@join:{"preserve":true}').raw, '{"a":1,"a":2,"b":3}');
  });
  it('@ugly removes whitespace, @valid keeps valid JSON', () => {
    assert.equal(get(json, 'name|@ugly').raw, '{"first":"Tom","last":"Anderson"}');
    assert.equal(get('{"a":1', '@valid').exists(), false);
    assert.equal(valid(json), true);
  });
  it('@pretty with sortKeys', () => {
    assert.equal(
      get('{"b":[1,2],"a":{"c":{}}}', '@pretty:{"sortKeys":true}').raw,
      '{\n  "a": {\n    "c": {}\n  },\n  "b": [1, 2]\n}\n',
    );
  });
  it('@group transposes arrays of an object', () => {
    assert.equal(
      get('{"id":["a","b"],"n":[1,2,3]}', '@group').raw,
      '[{"id":"a","n":1},{"id":"b","n":2},{"n":3}]',
    );
  });
});

describe('gjson: SYNTAX.md multipaths and literals', () => {
  rawCases([
    [
      '{name.first,age,"the_murphys":friends.#(last="Murphy")#.first}',
      '{"first":"Tom","age":37,"the_murphys":["Dale","Jane"]}',
    ],
    [
      '{name.first,age,"company":!"Happysoft","employed":!true}',
      '{"first":"Tom","age":37,"company":"Happysoft","employed":true}',
    ],
    ['[name.first,age,friends.#]', '["Tom",37,3]'],
    ['{name.first,nope,children.0}', '{"first":"Tom","0":"Sara"}'],
    ['[age,children.0]|1', '"Sara"'],
    ['!true', 'true'],
    ['!{"a":1}.a', '1'],
  ]);
});

describe('gjson: results and String()', () => {
  const doc =
    '{"a":1.5,"b":1e3,"c":-0,"d":"x\\"y\\u00e9","e":null,"f":[],"g":{},"h":12345678901234567890,"i":true}';
  const str = (p: string) => get(doc, p).toString();
  it('keeps the raw/typed distinction', () => {
    const r = get(doc, 'd');
    assert.equal(r.type, 'String');
    assert.equal(r.raw, '"x\\"y\\u00e9"');
    assert.equal(r.str, 'x"yé');
    assert.equal(get(doc, 'a').type, 'Number');
    assert.equal(get(doc, 'f').type, 'JSON');
    assert.equal(get(doc, 'i').type, 'True');
    assert.equal(get(doc, 'e').type, 'Null');
    assert.equal(get(doc, 'e').exists(), true);
    assert.equal(get(doc, 'zz').exists(), false);
  });
  it('String(): numbers as written or shortest decimal, JSON raw, missing and null empty', () => {
    assert.equal(str('a'), '1.5');
    assert.equal(str('b'), '1000');
    assert.equal(str('c'), '-0');
    assert.equal(str('h'), '12345678901234567890');
    assert.equal(str('f'), '[]');
    assert.equal(str('g'), '{}');
    assert.equal(str('e'), '');
    assert.equal(str('zz'), '');
    assert.equal(str('i'), 'true');
  });
  it('parse() reads the first value', () => {
    assert.equal(parse(' "s" ').toString(), 's');
    assert.equal(parse('[1,2]').isArray(), true);
    assert.equal(parse('').exists(), false);
    assert.equal(parse('{').type, 'JSON');
  });
});

describe('gjson: conformance with tidwall/gjson (recorded results)', () => {
  const fixture = JSON.parse(readFileSync(new URL('../fixtures/gjson-go.json', import.meta.url), 'utf8')) as {
    documents: string[];
    cases: Array<{ doc: number; path: string; type: string; raw: string; string: string; exists: boolean }>;
  };
  for (const c of fixture.cases) {
    it(`${c.path} (document ${c.doc})`, () => {
      const r = get(fixture.documents[c.doc]!, c.path);
      assert.deepEqual(
        { type: r.type, raw: r.raw, string: r.toString(), exists: r.exists() },
        { type: c.type, raw: c.raw, string: c.string, exists: c.exists },
      );
    });
  }
});
