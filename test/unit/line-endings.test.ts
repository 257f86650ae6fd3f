// CR (old Mac), LF and CRLF line endings give the same lines, comments and
// findings: the sample driver converted to CR-only and to CRLF reports what the
// LF original reports, on the same lines and columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding } from '../../server/src/analysis/findings';
import { LineMap, lineStarts, splitLines } from '../../server/src/analysis/source';
import { findSuppressions } from '../../server/src/analysis/suppressions';
import { norm, shown } from '../../server/src/analysis/syntax';
import { analyzeSources } from '../../server/src/rules/analyzeWithRules';

const ROOT = resolve(__dirname, '../../..');
const SAMPLE = join(ROOT, 'examples/contoso-offload');

const toCr = (t: string) => t.replace(/\r?\n/g, '\r');
const toCrlf = (t: string) => t.replace(/\r?\n/g, '\r\n');

function sample(convert: (t: string) => string): { uri: string; text: string }[] {
  return readdirSync(SAMPLE)
    .filter((f) => /\.(c|h)$/.test(f))
    .sort()
    .map((f) => ({ uri: pathToFileURL(join(SAMPLE, f)).toString(), text: convert(readFileSync(join(SAMPLE, f), 'utf8')) }));
}

/** Everything a finding says and where, with line endings in fix texts written as LF. */
function shape(findings: Finding[]): string[] {
  return findings
    .map((f) =>
      JSON.stringify([
        f.uri, f.rule, f.range, f.message,
        f.steps.map((s) => [s.uri, s.range, s.message]),
        f.fixes.map((x) => [x.range, x.newText.replace(/\r\n?/g, '\n')]),
      ]),
    )
    .sort();
}

test('the sample driver with CR-only and with CRLF line endings reports what it reports with LF', async () => {
  const lf = await analyzeSources(sample((t) => t));
  const status = lf.filter((f) => f.uri.endsWith('status.c'));
  assert.ok(status.length >= 4, `status.c has its findings (${status.length})`);
  for (const [name, convert] of [['CR', toCr], ['CRLF', toCrlf]] as const) {
    const other = await analyzeSources(sample(convert));
    assert.deepEqual(shape(other), shape(lf), `${name} line endings`);
  }
});

test('a quick fix inserts lines with the line ending of the file', async () => {
  for (const [eol, convert] of [['\r', toCr], ['\r\n', toCrlf], ['\n', (t: string) => t]] as const) {
    const findings = await analyzeSources(sample(convert));
    const inserts = findings.flatMap((f) => f.fixes).filter((x) => x.range.start.line === x.range.end.line && x.range.start.character === x.range.end.character);
    assert.ok(inserts.length > 0, 'the sample offers an insertion');
    for (const x of inserts) {
      assert.ok(x.newText.endsWith(eol), `${JSON.stringify(x.newText)} ends with ${JSON.stringify(eol)}`);
      assert.ok(!/[\r\n]/.test(x.newText.split(eol).join('')), `no other line ending in ${JSON.stringify(x.newText)}`);
    }
  }
});

test('LineMap counts LF, CRLF and lone CR as one line break each', () => {
  const text = 'a\nbb\r\nccc\rd\n\re';
  assert.deepEqual(lineStarts(text), [0, 2, 6, 10, 12, 13]);
  assert.deepEqual(splitLines(text), ['a', 'bb', 'ccc', 'd', '', 'e']);
  const m = new LineMap(text);
  assert.deepEqual(m.position(text.indexOf('ccc')), { line: 2, character: 0 });
  assert.deepEqual(m.position(text.indexOf('d')), { line: 3, character: 0 });
  assert.deepEqual(m.position(text.indexOf('e')), { line: 5, character: 0 });
  assert.equal(m.offset({ line: 3, character: 0 }), text.indexOf('d'));
  assert.deepEqual(splitLines(''), ['']);
  assert.deepEqual(splitLines('x\r'), ['x', '']);
});

test('a // comment ends at a lone CR', () => {
  assert.equal(norm('a // note\rb'), 'ab');
  assert.equal(norm('(x) /* c \r */ ->y // z\r'), 'x.y');
  assert.equal(shown('Adapter->Handle // the handle\r'), 'Adapter->Handle');
});

test('suppression comments apply to the next line in CR-only and CRLF files', () => {
  const known = new Set(['indication/header']);
  for (const eol of ['\r', '\r\n', '\n']) {
    const text = ['x();', '// ndis-offload-disable-next-line indication/header', 'y();', '#pragma warning(suppress: indication/header)', 'z();'].join(eol);
    const s = findSuppressions(text, known);
    const at = (line: number) => ({ rule: 'indication/header', range: { start: { line, character: 0 }, end: { line, character: 1 } } }) as Finding;
    assert.equal(s.filter([at(0), at(2), at(4)]).length, 1, `${JSON.stringify(eol)}: lines 2 and 4 are silenced, line 0 is not`);
    assert.deepEqual(s.unused(), []);
  }
});
