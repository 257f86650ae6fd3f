// server/src/parse/blank.ts: annotations become spaces of the same length,
// keyword aliases become keywords, everything else stays byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Node, Tree } from 'web-tree-sitter';
import { blankAnnotations } from '../../server/src/parse/blank';
import { getParser } from '../../server/src/parse/parser';

const ROOT = resolve(__dirname, '../../..');

/** Same length, and every line break (\r or \n) at the same offset; a lone CR becomes LF (the grammar's line end). */
function assertShape(src: string, out: string): void {
  assert.equal(out.length, src.length, `length changed for ${JSON.stringify(src)}`);
  for (let i = 0; i < src.length; i++) {
    const a = src[i] === '\r' && src[i + 1] !== '\n' ? '\n' : src[i];
    const b = out[i];
    if (a === '\n' || a === '\r' || b === '\n' || b === '\r') assert.equal(b, a, `line break moved at offset ${i} of ${JSON.stringify(src)}`);
  }
}

function blank(src: string): string {
  const out = blankAnnotations(src);
  assertShape(src, out);
  return out;
}

/** The text with `word` (first occurrence) replaced by spaces. */
function without(src: string, word: string): string {
  const i = src.indexOf(word);
  assert.ok(i >= 0, `${word} not in ${src}`);
  return src.slice(0, i) + word.replace(/[^\r\n]/g, ' ') + src.slice(i + word.length);
}

function countErrors(tree: Tree): number {
  let n = 0;
  const walk = (node: Node) => {
    if (node.type === 'ERROR' || node.isMissing) n++;
    for (const c of node.children) if (c) walk(c);
  };
  walk(tree.rootNode);
  return n;
}

test('keeps length and line breaks (LF, CRLF, lone CR, multi-line annotation arguments)', () => {
  const samples = [
    '',
    '\n',
    'IN\r\nOUT\r\n',
    '_IRQL_requires_max_(\n    DISPATCH_LEVEL)\nVOID\nf(VOID);',
    '_In_reads_bytes_(Size\r\n    ) PVOID Buffer,\r\n_In_\r\nULONG Size',
    '__in_bcount(\rx\r) PVOID p;',
    '_When_(return >= 0,\n  _Out_writes_(n)) PULONG p;',
    'VOID f(_In_ PCSTR s) { DbgPrint("é😀 IN"); } // OUT of ✓ range\n',
    readFileSync(join(ROOT, 'test/fixtures/rules/indication-status-code/fail-wrapper-multifile/mp.h'), 'utf8'),
  ];
  for (const s of samples) blank(s);
});

test('blanks IN / OUT / OPTIONAL and NTAPI as whole words only', () => {
  assert.equal(blank('IN PADAPTER Adapter'), '   PADAPTER Adapter');
  assert.equal(blank('IN OUT PVOID Context OPTIONAL'), '       PVOID Context         ');
  assert.equal(blank('NDIS_STATUS NTAPI MpSend(VOID);'), 'NDIS_STATUS       MpSend(VOID);');
  // Longer identifiers that merely start or end with those words stay.
  for (const s of ['INT x;', 'OUTPUT y;', 'INCREMENT(z);', 'PIN p;', 'OPTIONALS o;', 'NTAPIX q;', 'IN_RANGE(r);', 'MP_OUT(x);']) {
    assert.equal(blank(s), s, s);
  }
});

test('blanks new SAL: _In_, _IRQL_requires_max_(DISPATCH_LEVEL), _Use_decl_annotations_ and friends', () => {
  assert.equal(blank('_In_ PADAPTER Adapter'), '     PADAPTER Adapter');
  const irql = '_IRQL_requires_max_(DISPATCH_LEVEL)\nVOID MpPause(VOID);';
  assert.equal(blank(irql), without(irql, '_IRQL_requires_max_(DISPATCH_LEVEL)'));
  const decl = '_Use_decl_annotations_\nVOID\nMpPause(PADAPTER Adapter)';
  assert.equal(blank(decl), without(decl, '_Use_decl_annotations_'));
  for (const a of ['_Out_', '_Inout_', '_In_opt_', '_Out_opt_', '_Outptr_result_maybenull_', '_Must_inspect_result_', '_Ret_maybenull_', '_Out_writes_bytes_(Length)', '_In_reads_(n * sizeof(ULONG))', '_When_(return >= 0, _Out_writes_(n))', '_IRQL_raises_(DISPATCH_LEVEL)', '_Requires_lock_held_(Adapter->Lock)', '_Function_class_(MINIPORT_PAUSE)']) {
    const s = `${a} PVOID p;`;
    assert.equal(blank(s), without(s, a), a);
  }
});

test('blanks old SAL: __in_bcount(x), __out_ecount_opt(n), __drv_*(...), __in, __checkReturn', () => {
  const s = '__in_bcount(x) PVOID Buffer';
  assert.equal(blank(s), without(s, '__in_bcount(x)'));
  for (const a of ['__out_ecount_opt(n)', '__drv_requiresIRQL(PASSIVE_LEVEL)', '__drv_when(x > 0, __drv_arg(p, __drv_freesMem(Mem)))', '__in', '__out', '__inout_opt', '__checkReturn', '__deref_out_opt']) {
    const src = `${a} PVOID p;`;
    assert.equal(blank(src), without(src, a), a);
  }
});

test('maps WHILE / CONST / VOLATILE to the C keywords of the same length', () => {
  assert.equal(blank('WHILE (x) { CONST ULONG a = 1; VOLATILE LONG b; }'), 'while (x) { const ULONG a = 1; volatile LONG b; }');
  assert.equal(blank('CONSTANT WHILEX VOLATILE_X'), 'CONSTANT WHILEX VOLATILE_X');
});

test('leaves __inline, __int64, include guards and ordinary code untouched', () => {
  for (const s of [
    '__inline ULONG MpMin(ULONG a, ULONG b) { return a < b ? a : b; }',
    'unsigned __int64 Counter; __int64 x; __int32 y; __int8 z; __stdcall_like w;',
    '#ifndef _MP_H_\n#define _MP_H_\n#endif // _MP_H_\n',
    '#ifndef _In_H_\n#define _In_H_\n#endif\n',
    '  #  ifndef _IRQL_H_\n  #  define _IRQL_H_\n',
    'x = _InterlockedIncrement(&y); z = InterlockedExchange(&w, 1);',
    'si.StatusCode = NDIS_STATUS_OFFLOAD_PAUSE; NdisMIndicateStatusEx(h, &si);',
  ]) {
    assert.equal(blank(s), s, s);
  }
});

test('a typical SAL-annotated driver function parses with no ERROR node once blanked', async () => {
  const parser = await getParser();
  const src = `#include <ndis.h>

_IRQL_requires_max_(DISPATCH_LEVEL)
_Must_inspect_result_
NDIS_STATUS
NTAPI
MpIndicateOffloadStatus(
    _In_ PADAPTER Adapter,
    IN NDIS_STATUS StatusCode,
    __in_bcount(BufferSize) PVOID Buffer,
    _In_ ULONG BufferSize,
    _Out_opt_ PULONG Written OPTIONAL
    )
{
    NDIS_STATUS_INDICATION si;
    CONST ULONG max = 4;
    VOLATILE LONG spin = 0;

    WHILE (spin < 0) { spin++; }
    NdisZeroMemory(&si, sizeof(si));
    si.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;
    si.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;
    si.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
    si.SourceHandle = Adapter->MiniportAdapterHandle;
    si.StatusCode = StatusCode;
    si.StatusBuffer = Buffer;
    si.StatusBufferSize = BufferSize;
    NdisMIndicateStatusEx(Adapter->MiniportAdapterHandle, &si);
    if (Written != NULL) { *Written = max; }
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
MpPause(
    PADAPTER Adapter
    )
{
    (VOID)MpIndicateOffloadStatus(Adapter, NDIS_STATUS_OFFLOAD_PAUSE, NULL, 0, NULL);
}
`;
  const raw = parser.parse(src)!;
  const blanked = parser.parse(blank(src))!;
  try {
    assert.ok(countErrors(raw) > 0, 'the raw text should trip the C grammar (else this test proves nothing)');
    assert.equal(countErrors(blanked), 0, blanked.rootNode.toString());
    const fn = blanked.rootNode.children.filter((c) => c?.type === 'function_definition');
    assert.equal(fn.length, 2);
    assert.equal(fn[0]!.childForFieldName('declarator')?.childForFieldName('declarator')?.text, 'MpIndicateOffloadStatus');
  } finally {
    raw.delete();
    blanked.delete();
  }
});

test('every fixture and example parses with no ERROR node once blanked', async () => {
  const parser = await getParser();
  const files: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(c|h)$/.test(n)) files.push(p);
    }
  };
  walk(join(ROOT, 'test/fixtures/rules'));
  walk(join(ROOT, 'examples'));
  assert.ok(files.length > 50);
  const bad: string[] = [];
  for (const f of files) {
    const t = parser.parse(blank(readFileSync(f, 'utf8')))!;
    const n = countErrors(t);
    if (n) bad.push(`${f}: ${n}`);
    t.delete();
  }
  assert.deepEqual(bad, []);
});

test('old SAL without a direction prefix: __bcount(n) / __ecount(n)', async () => {
  const parser = await getParser();
  const src = 'VOID f(__bcount(n) PVOID b, __ecount(n) PULONG p) { }\n';
  const t = parser.parse(blank(src))!;
  try {
    assert.equal(countErrors(t), 0, t.rootNode.toString());
  } finally {
    t.delete();
  }
});
