// The blanked text of an open document is kept in pieces (parse/pieces.ts): every way the parser and the
// document read it must give the characters the joined text has, through any chain of splices, and the
// parser must build the tree it builds from the joined text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pieces } from '../../server/src/parse/pieces';
import { getParser, parseText } from '../../server/src/parse/parser';
import { prng } from '../helpers/random';

test('splices, slices and reads from an offset give the characters of the joined text', () => {
  const rnd = prng(31);
  let model = 'int a;\nvoid f(void) {\n  g(1, 2);\n}\n'.repeat(20);
  let pieces = Pieces.of(model);
  for (let step = 0; step < 2000; step++) {
    const a = Math.floor(rnd() * (model.length + 1));
    const b = Math.min(model.length, a + Math.floor(rnd() * 30));
    const middle = ['', 'x', '\n', '  /* c */ ', 'NDIS_STATUS_SUCCESS'][Math.floor(rnd() * 5)];
    pieces = Pieces.splice(pieces, a, middle, pieces, b);
    model = model.slice(0, a) + middle + model.slice(b);
    assert.equal(pieces.length, model.length);
    const s = Math.floor(rnd() * (model.length + 1));
    const e = Math.min(model.length, s + Math.floor(rnd() * 200));
    assert.equal(pieces.slice(s, e), model.slice(s, e), `slice at step ${step}`);
    const rest = pieces.from(s);
    assert.ok(s === model.length ? rest === '' : rest.length > 0 && model.startsWith(rest, s), `from at step ${step}`);
  }
  assert.equal(pieces.toString(), model);
});

test('a text in pieces parses to the tree of the joined text, and its nodes read their text', async () => {
  const parser = await getParser();
  const text = 'VOID f(PADAPTER a) {\n  NDIS_STATUS_INDICATION si;\n  si.StatusCode = NDIS_STATUS_OFFLOAD_PAUSE;\n}\n'.repeat(30);
  let pieces = Pieces.of(text);
  // Cut into many pieces by splices that change nothing.
  for (let at = 7; at < text.length; at += 97) pieces = Pieces.splice(pieces, at, text.slice(at, at + 3), pieces, at + 3);
  assert.equal(pieces.toString(), text);
  const whole = parseText(parser, text);
  const cut = parseText(parser, pieces);
  try {
    assert.equal(cut.rootNode.toString(), whole.rootNode.toString());
    const last = cut.rootNode.lastChild!;
    assert.equal(last.text, whole.rootNode.lastChild!.text);
    assert.ok(last.text.includes('NDIS_STATUS_OFFLOAD_PAUSE'));
  } finally {
    whole.delete();
    cut.delete();
  }
});

// An incremental parse is handed short windows of the text (parser.ts); a node's text read after it is
// read whole, and the tree is the one a fresh parse gives.
test('an incremental parse of text in pieces reads short windows and gives the fresh tree, nodes reading their whole text', async () => {
  const parser = await getParser();
  const text = 'VOID f(PADAPTER a) {\n  NDIS_STATUS_INDICATION si;\n  si.StatusCode = NDIS_STATUS_OFFLOAD_PAUSE;\n}\n'.repeat(30);
  const pieces = Pieces.of(text);
  assert.equal(pieces.from(5, 10), text.slice(5, 15));
  assert.equal(pieces.from(5), text.slice(5));
  // (A window never ends between the halves of a surrogate pair: the parser would read a lone half.)
  assert.equal(Pieces.of('ab\u{1F600}cd').from(0, 3), 'ab\u{1F600}');
  const old = parseText(parser, pieces);
  const at = text.indexOf('OFFLOAD_PAUSE');
  const next = text.slice(0, at) + 'X' + text.slice(at);
  old.edit({ startIndex: at, oldEndIndex: at, newEndIndex: at + 1, startPosition: { row: 2, column: 39 }, oldEndPosition: { row: 2, column: 39 }, newEndPosition: { row: 2, column: 40 } });
  const longest = { n: 0 };
  const edited = Pieces.splice(pieces, at, 'X', pieces, at);
  const spy = new Proxy(edited, { get: (t, k) => (k === 'from' ? (i: number, max?: number) => { const s = t.from(i, max); if (longest.n >= 0) longest.n = Math.max(longest.n, s.length); return s; } : Reflect.get(t, k, t)) });
  const tree = parseText(parser, spy, old);
  longest.n = -longest.n; // reads after the parse are not counted
  const fresh = parseText(parser, next);
  try {
    assert.ok(-longest.n > 0 && -longest.n <= 128, `windows of at most 128 characters (${-longest.n})`);
    assert.equal(tree.rootNode.toString(), fresh.rootNode.toString());
    assert.equal(tree.rootNode.firstChild!.text, fresh.rootNode.firstChild!.text);
  } finally {
    old.delete();
    tree.delete();
    fresh.delete();
  }
});
