// The macro expander on its own: nested expansion with rescanning, `#`, `##`, variadic macros, and
// the limits that stop a runaway expansion with a note instead of a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expand, expandBody, MAX_EXPANSIONS, type MacroDef } from '../../server/src/analysis/macroExpand';

function table(defs: MacroDef[]) {
  const m = new Map(defs.map((d) => [d.name, d]));
  return { lookup: (n: string) => m.get(n) };
}

test('object-like and function-like macros expand, nested ones too', () => {
  const t = table([
    { name: 'MP_EXIT', body: 'goto exit' },
    { name: 'BAIL_IF_FAILED', params: ['s'], body: 'if (!NT_SUCCESS(s)) MP_EXIT' },
    { name: 'CHECK', params: ['x'], body: 'BAIL_IF_FAILED(x)' },
  ]);
  assert.equal(expand('MP_EXIT;', t).text, 'goto exit;');
  assert.equal(expand('CHECK(Status);', t).text, 'if (!NT_SUCCESS(Status)) goto exit;');
  // Arguments are expanded before they are put in place.
  assert.equal(expand('BAIL_IF_FAILED(CHECK_VALUE)', table([{ name: 'CHECK_VALUE', body: 'Adapter->Status' }, ...[{ name: 'BAIL_IF_FAILED', params: ['s'], body: 'if (!NT_SUCCESS(s)) goto Exit' }]])).text, 'if (!NT_SUCCESS(Adapter->Status)) goto Exit');
});

test('a name without an argument list, or with the wrong number of arguments, stays as written', () => {
  const t = table([{ name: 'F', params: ['a', 'b'], body: 'a + b' }]);
  assert.equal(expand('p = F;', t).text, 'p = F;');
  assert.equal(expand('F(1)', t).text, 'F(1)');
  assert.equal(expand('F(1, 2', t).text, 'F(1, 2');
  assert.equal(expand('F((1, 2), 3)', t).text, '(1, 2) + 3');
});

test('a macro is not expanded again inside its own expansion', () => {
  const t = table([
    { name: 'A', body: 'B + 1' },
    { name: 'B', body: 'A * 2' },
    { name: 'Status', body: 'Status' },
  ]);
  assert.equal(expand('A', t).text, 'A * 2 + 1');
  assert.equal(expand('Status', t).text, 'Status');
});

test('# makes a string of the argument as written', () => {
  const t = table([
    { name: 'STR', params: ['x'], body: '#x' },
    { name: 'LOG', params: ['x'], body: 'DbgPrint(#x " failed\\n")' },
  ]);
  assert.equal(expand('STR(  a  +   b )', t).text, '"a + b"');
  assert.equal(expand('STR("q")', t).text, '"\\"q\\""');
  assert.equal(expand('LOG(Pause(Adapter))', t).text, 'DbgPrint("Pause(Adapter)" " failed\\n")');
});

test('## joins the tokens on its sides, arguments unexpanded', () => {
  const t = table([
    { name: 'INIT_HDR', params: ['obj', 'kind'], body: '(obj).Header.Type = NDIS_OBJECT_TYPE_ ## kind; (obj).Header.Revision = NDIS_ ## kind ## _REVISION_1' },
    { name: 'STATUS_INDICATION', body: 'oops' },
  ]);
  assert.equal(
    expand('INIT_HDR(si, STATUS_INDICATION);', t).text,
    '(si).Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION; (si).Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;',
  );
});

test('variadic macros: __VA_ARGS__, and the comma before an empty one dropped by ##', () => {
  const t = table([
    { name: 'TRACE', params: ['level', 'fmt'], variadic: true, body: 'DoTrace(level, fmt, ## __VA_ARGS__)' },
    { name: 'CALL', params: [], variadic: true, body: 'f(__VA_ARGS__)' },
    { name: 'S', params: [], variadic: true, body: '#__VA_ARGS__' },
  ]);
  assert.equal(expand('TRACE(1, "x %d %d", a, b)', t).text, 'DoTrace(1, "x %d %d",a, b)');
  assert.equal(expand('TRACE(1, "x")', t).text, 'DoTrace(1, "x")');
  assert.equal(expand('CALL(a, (b, c), d)', t).text, 'f(a, (b, c), d)');
  assert.equal(expand('CALL()', t).text, 'f()');
  assert.equal(expand('S(a,b)', t).text, '"a, b"');
});

test('a body with its parameters kept as names: pasted ones take the text of one use', () => {
  const def: MacroDef = { name: 'INIT_HDR', params: ['obj', 'kind'], body: 'do { (obj).Header.Type = NDIS_OBJECT_TYPE_ ## kind; (obj).Header.Size = sizeof(obj); } while (0)' };
  const t = table([def]);
  const generic = expandBody(def, t);
  assert.equal(generic.argsUsed, true);
  const atUse = expandBody(def, t, ['&Adapter->Indication', 'OFFLOAD']);
  assert.equal(atUse.text, 'do { (obj).Header.Type = NDIS_OBJECT_TYPE_OFFLOAD; (obj).Header.Size = sizeof(obj); } while (0)');
  const plain = expandBody({ name: 'P', params: ['x'], body: 'x->Flags = 0' }, t);
  assert.equal(plain.argsUsed, false);
  assert.equal(plain.text, 'x->Flags = 0');
  // A parameter handed on to a macro that pastes it is pasted with the text of the outer use.
  const outer: MacroDef = { name: 'FILL', params: ['o'], body: 'INIT_HDR(o, STATUS_INDICATION)' };
  const wrap: MacroDef = { name: 'WRAP', params: ['o', 'k'], body: 'INIT_HDR(o, k)' };
  const t2 = table([def, outer, wrap]);
  assert.equal(expandBody(outer, t2).argsUsed, false);
  const w = expandBody(wrap, t2, ['si', 'STATUS_INDICATION']);
  assert.equal(w.argsUsed, true);
  assert.match(w.text, /NDIS_OBJECT_TYPE_STATUS_INDICATION; \(o\)\.Header\.Size = sizeof\(o\)/);
});

test('kept macros (named constants) stay as written', () => {
  const t = { ...table([{ name: 'REV', body: '1' }, { name: 'SET', params: ['x'], body: 'x = REV' }]), keep: (m: MacroDef) => !m.params };
  assert.equal(expand('SET(a)', t).text, 'a = REV');
});

test('runaway expansions stop at a limit with a note, never hang', () => {
  // Each level doubles the text: 2^40 tokens if nothing stopped it.
  const defs: MacroDef[] = [{ name: 'X0', body: 'x' }];
  for (let i = 1; i <= 40; i++) defs.push({ name: `X${i}`, body: `X${i - 1} X${i - 1}` });
  const r = expand('X40', table(defs));
  assert.ok(r.limit, 'a limit note');
  assert.match(r.limit!, /expansion|tokens/);
  // Arguments nested in arguments.
  const deep = expand('F('.repeat(200) + 'x' + ')'.repeat(200), table([{ name: 'F', params: ['a'], body: 'a' }]));
  assert.ok(deep.limit);
  // Many small expansions.
  const many = expand('A '.repeat(MAX_EXPANSIONS + 5), table([{ name: 'A', body: 'b' }]));
  assert.ok(many.limit);
});

test('odd text: unterminated strings and comments, stray # and ##', () => {
  const t = table([{ name: 'M', params: ['a'], body: '# ## a ## ' }, { name: 'N', body: '/* never closed' }]);
  assert.doesNotThrow(() => expand('M(1) "abc', t));
  assert.equal(expand('N x', t).text, 'x');
  assert.equal(expand('a /* c */ b // d', t).text, 'a b');
});
