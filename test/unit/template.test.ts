import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { GoStruct, NilPointer, renderTemplate, Template, TemplateError } from '../../src/template/index.ts';

/** Data shaped like decoded JSON (numbers are float64, as Go's encoding/json decodes them). */
const data = {
  arr: [1, 'x', null],
  emptyarr: [],
  map: { b: 2, a: 1, c: [1, 2] },
  nil: null,
  nested: { k: [{ a: 'x' }], s: 'str' },
  n: 1000000,
  s: 'hello',
  t: true,
  zero: 0,
};

const render = (tmpl: string, d: unknown = data) => renderTemplate(tmpl, d, 't');

function check(cases: Array<[string, string]>, d: unknown = data) {
  for (const [tmpl, want] of cases) {
    it(JSON.stringify(tmpl), () => assert.equal(render(tmpl, d), want));
  }
}

function fails(tmpl: string, fragment: string | RegExp, d: unknown = data) {
  it(`fails: ${JSON.stringify(tmpl)}`, () => {
    assert.throws(
      () => render(tmpl, d),
      (e: unknown) => {
        assert.ok(e instanceof TemplateError, `not a TemplateError: ${String(e)}`);
        if (typeof fragment === 'string') assert.ok(e.message.includes(fragment), e.message);
        else assert.match(e.message, fragment);
        return true;
      },
    );
  });
}

describe('text/template: fields, maps and missing values', () => {
  check([
    ['plain text', 'plain text'],
    ['{{.s}}', 'hello'],
    ['{{.map.a}} {{.map.c}}', '1 [1 2]'],
    ['{{.nested.s}}', 'str'],
    ['{{.missing}}', '<no value>'],
    ['{{.missing.deeper}}', '<no value>'],
    ['{{.nil}}', '<no value>'],
    ['{{print .missing}}', '<nil>'],
    [
      '{{.}}',
      'map[arr:[1 x <nil>] emptyarr:[] map:map[a:1 b:2 c:[1 2]] n:1e+06 nested:map[k:[map[a:x]] s:str] nil:<nil> s:hello t:true zero:0]',
    ],
    ['{{$}} and {{$.s}}', `${renderTemplate('{{.}}', data)} and hello`],
    ['{{.n}} {{3.0}} {{1e6}} {{1.5}} {{0.000001}}', '1e+06 3 1e+06 1.5 1e-06'],
  ]);
  fails('{{.nil.x}}', 'nil pointer evaluating');
  fails('{{.map.a 1}}', 'a is not a method but has arguments');
  fails('{{.s.x}}', "can't evaluate field x in type string");
});

describe('text/template: literals and constants', () => {
  check([
    [
      "{{'a'}} {{0x1F}} {{1e3}} {{0b101}} {{0o17}} {{017}} {{1_000}} {{-5}} {{+5}} {{.5}}",
      '97 31 1000 5 15 15 1000 -5 5 0.5',
    ],
    ['{{"a\\tb"}}|{{`raw\\n`}}', 'a\tb|raw\\n'],
    ['{{true}} {{false}}', 'true false'],
    ['{{ "\\u00e9\\x41\\101\\n" | printf "%q" }}', '"éAA\\n"'],
  ]);
  fails('{{nil}}', 'nil is not a command');
  fails('{{ 1e400 }}', 'illegal number syntax');
  fails('{{ 0x }}', 'number syntax');
  fails('{{1 2}}', "can't give argument to non-function 1");
  fails('{{ true.x }}', 'unexpected . after term');
});

describe('text/template: whitespace trimming and comments', () => {
  check([
    ['a  {{- "b" -}}  c', 'abc'],
    ['a\n  {{- 1 -}}\n  b', 'a1b'],
    ['{{ 1 -}}\n\t b', '1b'],
    ['x {{/* multi\nline */}} y', 'x  y'],
    ['{{/* c */}}x{{- /* c */ -}} y', 'xy'],
    ['{{- /* comment */ -}}', ''],
    ['{{-3}}', '-3'],
    ['{{ .arr \n | len }}', '3'],
  ]);
  fails('{{/* bad */ }}', 'comment ends before closing delimiter');
  fails('{{/* open', 'unclosed comment');
  fails('{{"a"-}} b', 'unexpected "-" in operand');
});

describe('text/template: variables', () => {
  check([
    ['{{$x := 1}}{{$x}}', '1'],
    ['{{$x := 1}}{{if true}}{{$x = 2}}{{$x := 3}}{{$x}}{{end}}{{$x}}', '32'],
    ['{{$x := "outer"}}{{with $x := "inner"}}{{$x}}{{end}}{{$x}}', 'innerouter'],
    ['{{$x := .nil}}{{$x.y}}', '<no value>'],
    ['{{with $x := .map}}{{$x.a}}{{end}}', '1'],
    ['{{define "x"}}{{$}}{{end}}{{template "x" .map.a}}', '1'],
  ]);
  fails('{{$x = 1}}', 'undefined variable: $x');
  fails('{{$nope}}', 'undefined variable "$nope"');
  fails('{{range $i, $e := .map}}{{$i}}{{end}}{{$i}}', 'undefined variable "$i"');
  fails('{{$x := 1}}{{$x=2}}', "bad character U+003D '='");
  fails('{{ $a, $b := 1 }}', 'too many declarations');
});

describe('text/template: if / else if / else, with and truthiness', () => {
  check([
    ['{{if .arr}}yes{{end}}{{if .emptyarr}}no{{else}}empty{{end}}', 'yesempty'],
    ['{{if .zero}}a{{else if .missing}}b{{else if .map}}c{{else}}d{{end}}', 'c'],
    ['{{if .nil}}a{{else}}b{{end}}', 'b'],
    ['{{if ""}}a{{else}}b{{end}}{{if " "}}c{{end}}', 'bc'],
    ['{{if 0.0}}a{{else}}b{{end}}{{if 0}}c{{else}}d{{end}}', 'bd'],
    ['{{with .missing}}x{{else}}y{{end}}', 'y'],
    ['{{with .nested}}{{.s}} {{index .k 0 "a"}}{{end}}', 'str x'],
    ['{{with 0}}zero{{else with 5}}{{.}}{{end}}', '5'],
    ['{{not 0}} {{not ""}} {{not .emptyarr}} {{not .map}}', 'true true true false'],
  ]);
  const s = new (class extends GoStruct {})();
  it('a struct is always true, a nil pointer false', () => {
    assert.equal(render('{{if .S}}y{{end}}{{if .P}}n{{end}}', { S: s, P: new NilPointer('*T') }), 'y');
  });
  fails('{{if}}{{end}}', 'missing value for if');
  fails('{{if true}}', 'unexpected EOF');
  fails('{{end}}', 'unexpected {{end}}');
  fails('{{else}}', 'unexpected {{else}}');
});

describe('text/template: range', () => {
  check([
    ['{{range $i, $e := .arr}}{{$i}}={{$e}},{{end}}', '0=1,1=x,2=<no value>,'],
    ['{{range .arr}}[{{.}}]{{end}}', '[1][x][<no value>]'],
    ['{{range .arr}}[{{print .}}]{{end}}', '[1][x][<nil>]'],
    ['{{range $k, $v := .map}}{{$k}}:{{$v}} {{end}}', 'a:1 b:2 c:[1 2] '],
    ['{{range .map}}{{.}},{{end}}', '1,2,[1 2],'],
    ['{{range $e := .map}}{{$e}};{{end}}', '1;2;[1 2];'],
    ['{{range .emptyarr}}x{{else}}empty{{end}}', 'empty'],
    ['{{range .nil}}a{{else}}b{{end}}', 'b'],
    ['{{range .missing}}a{{else}}b{{end}}', 'b'],
    ['{{range $i, $e := .arr}}{{if eq $i 1}}{{continue}}{{end}}{{$i}}{{end}}', '02'],
    ['{{range .arr}}{{.}}{{break}}{{end}}', '1'],
    ['{{range .arr}}{{range $.map}}{{.}}{{break}}{{end}}{{end}}', '111'],
    ['{{range $k, $v := .map}}{{break}}{{end}}done', 'done'],
    ['{{range 3}}{{.}}{{end}}', '012'],
    ['{{range $i := 2}}{{$i}}{{end}}', '01'],
  ]);
  it('iterates Map keys in sorted order too', () => {
    const m = new Map<unknown, unknown>([
      ['zeta', 1],
      ['alpha', 2],
      ['Beta', 3],
    ]);
    assert.equal(render('{{range $k, $v := .}}{{$k}}={{$v}} {{end}}', m), 'Beta=3 alpha=2 zeta=1 ');
  });
  fails('{{range .arr}}{{end}}{{break}}', '{{break}} outside {{range}}');
  fails('{{continue}}', '{{continue}} outside {{range}}');
  fails('{{range $i, $c := "ab"}}{{$i}}{{end}}', "range can't iterate over ab");
  fails('{{range 1.5}}{{end}}', "range can't iterate over 1.5");
  fails('{{ range .arr }}{{ else if .x }}{{ end }}', 'unexpected <if>');
});

describe('text/template: define, template, block', () => {
  check([
    ['{{define "a"}}A{{.}}{{end}}{{template "a" 5}}|{{block "b" .arr}}B{{.}}{{end}}', 'A5|B[1 x <nil>]'],
    ['{{define "T1"}}ONE{{end}}{{define "T2"}}TWO {{template "T1"}}{{end}}{{template "T2"}}', 'TWO ONE'],
    ['{{block "list" .arr}}{{range .}}[{{.}}]{{end}}{{end}}', '[1][x][<no value>]'],
    ['{{template "x" .}}{{define "x"}}{{len .}}{{end}}', '9'],
    ['{{define "x"}}{{.}}{{end}}{{template "x"}}', '<no value>'],
  ]);
  it('templates can be redefined by a later parse, and executed by name', () => {
    const t = new Template('main').parse('{{block "greet" .}}hi {{.}}{{end}}!');
    assert.equal(t.execute('bob'), 'hi bob!');
    t.parse('{{define "greet"}}hello {{.}}{{end}}');
    assert.equal(t.execute('bob'), 'hello bob!');
    assert.equal(t.executeTemplate('greet', 'amy'), 'hello amy');
    assert.deepEqual(t.templates().sort(), ['greet', 'main']);
  });
  fails('{{template "zz"}}', 'template "zz" not defined');
  fails('{{define "x"}}a{{end}}{{define "x"}}b{{end}}', 'multiple definition of template "x"');
  fails('{{if true}}{{define "x"}}{{end}}{{end}}', 'unexpected <define>');
  fails('{{define "r"}}{{template "r"}}{{end}}{{template "r"}}', 'exceeded maximum template depth');
});

describe('text/template: pipelines and function calls', () => {
  check([
    ['{{"a" | printf "%s-%s" "b"}}', 'b-a'],
    ['{{3 | printf "%d-%s" "x"}}', '%!d(string=x)-%!s(int=3)'],
    ['{{ 1 | printf "%d" | printf "<%s>" }}', '<1>'],
    ['{{ (printf "%d" 1) | printf "%s!" }}', '1!'],
    ['{{ (len .arr) }} {{ (.map).b }} {{ (index .nested.k 0).a }}', '3 2 x'],
    ['{{"x" | len}}', '1'],
    ['{{ .arr | len | printf "%d items" }}', '3 items'],
  ]);
  fails('{{.x | 1}}', 'non executable command in pipeline stage 2');
  fails('{{nosuch}}', 'function "nosuch" not defined');
  fails('{{printf}}', 'wrong number of args for printf: want at least 1 got 0');
  fails('{{not 1 2}}', 'wrong number of args for not: want 1 got 2');
  fails('{{.map.a | .map.b}}', 'b is not a method but has arguments');
});

describe('text/template: builtins', () => {
  check([
    ['{{and 1 0 2}} {{or 0 "" "x" 3}} {{and 1 2}} {{or 0 ""}}|', '0 x 2 |'],
    ['{{and .missing 1}}', '<no value>'],
    ['{{or 1 .nil.x}}', '1'], // short-circuit: the failing operand is never evaluated
    [
      '{{eq 1 2 3 1}} {{eq "a" "b"}} {{ne 1 2}} {{lt 1 2}} {{le 2 2}} {{gt "b" "a"}} {{ge 1.5 2.5}}',
      'true false true true true true false',
    ],
    ['{{eq .nil nil}} {{eq .missing .missing}} {{eq .missing "x"}}', 'true true false'],
    ['{{if eq .map.a 1.0}}one{{end}}', 'one'],
    ['{{len .arr}} {{len .map}} {{len ""}} {{len "héllo"}}', '3 3 0 6'],
    ['{{index .arr 1}} {{index .map "b"}} {{index .map "zz"}} {{index "abc" 1}}', 'x 2 <no value> 98'],
    [
      '{{slice "hello" 1 3}} {{slice .arr 1}} {{slice .arr}} {{slice .arr 0 0}}',
      'el [x <nil>] [1 x <nil>] []',
    ],
    ['{{print 1 2 "a" 3 "b" "c" 4.5 true nil}}', '1 2a3bc4.5 true <nil>'],
    ['{{println 1 "a"}}', '1 a\n'],
    ['{{html "<a href=\'x\'>&\\"</a>"}}', '&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;'],
    [
      '{{js "it\'s <b> & \\"q\\" = \\\\ \\n`x`"}}',
      'it\\\'s \\u003Cb\\u003E \\u0026 \\"q\\" \\u003D \\\\ \\u000A`x`',
    ],
    ['{{urlquery "a b&c=d/é"}}', 'a+b%26c%3Dd%2F%C3%A9'],
    ['{{html 1 "<" 2}} {{urlquery 1 2}} {{js 3}} {{html .nil}}', '1&lt;2 1+2 3 &lt;no value&gt;'],
  ]);
  it('call invokes a func value', () => {
    assert.equal(render('{{call .f 2 "x"}}', { f: (a: unknown, b: unknown) => `${a}/${b}` }), '2/x');
  });
  fails('{{call .fn}}', 'error calling call: call of nil');
  fails('{{lt 1 1.5}}', 'error calling lt: incompatible types for comparison');
  fails('{{eq .map.a 1}}', 'incompatible types for comparison');
  fails('{{lt true false}}', 'invalid type for comparison');
  fails('{{eq 1}}', 'missing argument for comparison');
  fails('{{len 3}}', 'error calling len: len of type int');
  fails('{{len .nil}}', 'len of nil pointer');
  fails('{{index .arr 5}}', 'error calling index: index out of range: 5');
  fails('{{index .arr 1.0}}', 'cannot index slice/array with type float64');
  fails('{{index .missing 1}}', 'index of untyped nil');
  fails('{{index .map "a" "b"}}', "can't index item of type float64");
  fails('{{slice .arr 2 1}}', 'invalid slice index: 2 > 1');
  fails('{{slice "abc" 1 2 3}}', 'cannot 3-index slice a string');
});

describe('text/template: printf verbs', () => {
  check([
    ['{{printf "%v %d %s %t %%" 1 2 "s" true}}', '1 2 s true %'],
    ['{{printf "%5.1f|%-6d|%x" 3.14159 42 "hi"}}', '  3.1|42    |6869'],
    [
      '{{printf "%6.2f|%-8.3s|%+.1e|%08.3f|%x|%X|% d|%+d" 3.14159 "abcdef" 12345.678 -3.14159 -255 3.5 5 -5}}',
      '  3.14|abc     |+1.2e+04|-003.142|-ff|0X1.CP+01| 5|-5',
    ],
    [
      '{{printf "%q %q %#q %+q %c %U %#U %#x %#o %O %b" "a\\"b" 65 "bq" "é" 0x1F600 0x1F600 0x41 255 8 8 5}}',
      '"a\\"b" \'A\' `bq` "\\u00e9" 😀 U+1F600 U+0041 \'A\' 0xff 010 0o10 101',
    ],
    ['{{printf "%t %v %08b %3c|%-4q|" true false 5 65 66}}', "true false 00000101   A|'B' |"],
    [
      '{{printf "%e %E %g %G %.3g %.10g %g %g" 1234.5678 0.000012 0.00001234 1e21 1234567.0 1.0 100000.0 1000000.0}}',
      '1.234568e+03 1.200000E-05 1.234e-05 1E+21 1.23e+06 1 100000 1e+06',
    ],
    ['{{printf "%.0f %.0f %.0f %.1f %.2f %.3e" 0.5 1.5 2.5 0.05 1.005 1.0005}}', '0 2 2 0.1 1.00 1.000e+00'],
    ['{{printf "%x %X % x %#x" "héllo" "hi" "hi" "hi"}}', '68c3a96c6c6f 6869 68 69 0x6869'],
    ['{{printf "%*d|%-*d|%.*f" 5 1 4 2 2 3.14159}}', '    1|2   |3.14'],
    ['{{printf "%[2]d %[1]d" 1 2}}', '2 1'],
    ['{{printf "%010.3f|%-010d|%+010d" -3.5 42 42}}', '-00003.500|42        |+000000042'],
    [
      '{{printf "%v %d %s" .arr .arr .arr}}',
      '[1 x <nil>] [%!d(float64=1) %!d(string=x) <nil>] [%!s(float64=1) x <nil>]',
    ],
    [
      '{{printf "%v" .map}} {{printf "%s" nil}} {{printf "%d" true}}',
      'map[a:1 b:2 c:[1 2]] %!s(<nil>) %!d(bool=true)',
    ],
    ['{{printf "%d %s" 1}}', '1 %!s(MISSING)'],
    ['{{printf "%d" 1 2}}', '1%!(EXTRA int=2)'],
    ['{{printf "%z" 1}}', '%!z(int=1)'],
    ['{{printf "%b" 5.0}} {{printf "%.2x" 1.0}}', '5629499534213120p-50 0x1.00p+00'],
    ['{{printf "%v|%+v|%#v" .arr .map "s"}}', '[1 x <nil>]|map[a:1 b:2 c:[1 2]]|"s"'],
    ['{{printf "%5.2s|%.0s|%.1q" "héllo" "x" "abc"}}', '   hé||"a"'],
    ['{{printf "%v" -0.0}} {{printf "%s" 1.5}}', '-0 %!s(float64=1.5)'],
  ]);
});

describe('text/template: struct data (fields, methods, nil pointers, Stringer)', () => {
  class Email extends GoStruct {
    static override goType = 'pkg.Email';
    Address = 'a@b.c';
    Verified = true;
  }
  class Meta extends GoStruct {
    static nilString = '';
    Get(...path: unknown[]) {
      return `got:${path.join('.')}`;
    }
    String() {
      return 'META';
    }
  }
  class User extends GoStruct {
    Name = 'Jo';
    Email: Email | NilPointer = new Email();
    Meta: Meta | NilPointer = new Meta();
    hidden = 'secret';
  }
  const user = new User();
  const nilUser = Object.assign(new User(), {
    Email: new NilPointer('*pkg.Email'),
    Meta: new NilPointer('*pkg.Meta', Meta),
  });
  check(
    [
      ['{{.Name}} {{.Email.Address}} {{.Email.Verified}}', 'Jo a@b.c true'],
      ['{{.Meta.Get "a" "b"}} {{"x" | .Meta.Get}} {{.Meta.Get}}', 'got:a.b got:x got:'],
      ['{{.Meta}} {{print .Meta}}', 'META META'],
      ['{{.Email}}', '{a@b.c true}'],
      ['{{printf "%v" .Email}} {{printf "%+v" .Email}}', '&{a@b.c true} &{Address:a@b.c Verified:true}'],
    ],
    user,
  );
  check(
    [
      ['{{.Email}}|{{.Meta}}|{{if .Email}}y{{else}}n{{end}}', '<nil>||n'],
      ['{{eq .Email nil}}', 'true'],
    ],
    nilUser,
  );
  fails('{{.Email.Address}}', 'nil pointer evaluating *pkg.Email.Address', nilUser);
  fails('{{.Meta.Get "x"}}', 'error calling Get', nilUser);
  fails('{{.hidden}}', "can't evaluate field hidden", user);
  fails('{{.Nope}}', "can't evaluate field Nope in type", user);
  fails('{{.Name 1}}', 'Name has arguments but cannot be invoked as function', user);
});

describe('text/template: error messages carry position and context', () => {
  it('names the template, line, column and the failing node', () => {
    assert.throws(() => new Template('claim').parse('line1\n  {{ .nope.x }}\n').execute({ nope: null }), {
      message: 'template: claim:2:10: executing "claim" at <.nope.x>: nil pointer evaluating interface {}.x',
    });
  });
  it('parse errors name the line', () => {
    assert.throws(() => new Template('c').parse('a\n{{ if }}'), {
      message: 'template: c:2: missing value for if',
    });
  });
});

describe('text/template: conformance with Go (recorded outputs)', () => {
  const fixture = JSON.parse(
    readFileSync(new URL('../fixtures/go-text-template.json', import.meta.url), 'utf8'),
  ) as {
    data: unknown;
    cases: Array<{ template: string; output?: string; error?: string }>;
  };
  for (const c of fixture.cases) {
    it(JSON.stringify(c.template), () => {
      if (c.output !== undefined) assert.equal(renderTemplate(c.template, fixture.data, 't'), c.output);
      else assert.throws(() => renderTemplate(c.template, fixture.data, 't'), TemplateError);
    });
  }
});
