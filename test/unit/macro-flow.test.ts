// Control flow inside macros: `break`, `continue`, `goto` and `return` in an expansion take part in the
// function's paths; macros used inside macros expand too; a changed #define changes the paths; a runaway
// expansion is a note, never a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnalyzer } from '../../server/src/rules/analyzeWithRules';

const HELPERS = `#include <ndis.h>
typedef struct _ADAPTER { NDIS_HANDLE MiniportAdapterHandle; } ADAPTER, *PADAPTER;
VOID MpIndicateStatus(PADAPTER Adapter, NDIS_STATUS Code)
{
    NDIS_STATUS_INDICATION si;
    NdisZeroMemory(&si, sizeof(si));
    si.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;
    si.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;
    si.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
    si.SourceHandle = Adapter->MiniportAdapterHandle;
    si.StatusCode = Code;
    NdisMIndicateStatusEx(Adapter->MiniportAdapterHandle, &si);
}
NDIS_STATUS MpTry(PADAPTER Adapter);
`;

/** The protocol findings of the sources, as `line: rule` (lines counted from 1 in the file named last). */
async function protocolFindings(files: Record<string, string>): Promise<string[]> {
  const a = await createAnalyzer();
  for (const [uri, text] of Object.entries(files)) a.setFile(uri, text);
  return [...a.analyze().values()]
    .flat()
    .filter((f) => f.rule.startsWith('protocol/'))
    .map((f) => `${f.range.start.line + 1}: ${f.rule}`);
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

test('a break inside a macro leaves the loop: the return after the loop is reached paused', async () => {
  const src = `${HELPERS}
#define BREAK_IF_FAILED(s) if (!NT_SUCCESS(s)) break
NDIS_STATUS MpLoop(PADAPTER Adapter)
{
    NDIS_STATUS Status;
    MpIndicateStatus(Adapter, NDIS_STATUS_OFFLOAD_PAUSE);
    for (;;) {
        Status = MpTry(Adapter);
        BREAK_IF_FAILED(Status);
        MpIndicateStatus(Adapter, NDIS_STATUS_OFFLOAD_RESUME);
        return Status;
    }
    return Status; /* after */
}
`;
  assert.deepEqual(await protocolFindings({ 'file:///loop.c': src }), [`${lineOf(src, '/* after */')}: protocol/pause-without-resume`]);
  // Without the macro's jump, the loop never ends but through the resume.
  const plain = src.replace('#define BREAK_IF_FAILED(s) if (!NT_SUCCESS(s)) break', '#define BREAK_IF_FAILED(s) (void)(s)');
  assert.deepEqual(await protocolFindings({ 'file:///loop.c': plain }), []);
});

test('a continue inside a macro goes back to the loop head', async () => {
  const src = `${HELPERS}
#define RETRY_IF_BUSY(s) if ((s) == NDIS_STATUS_RESOURCES) continue
NDIS_STATUS MpRetry(PADAPTER Adapter)
{
    NDIS_STATUS Status = NDIS_STATUS_SUCCESS;
    while (Adapter->MiniportAdapterHandle != NULL) {
        MpIndicateStatus(Adapter, NDIS_STATUS_OFFLOAD_PAUSE);
        Status = MpTry(Adapter);
        RETRY_IF_BUSY(Status);
        MpIndicateStatus(Adapter, NDIS_STATUS_OFFLOAD_RESUME);
    }
    return Status; /* after */
}
`;
  // The retry leaves the loop head paused: the loop can end there without a resume.
  assert.deepEqual(await protocolFindings({ 'file:///retry.c': src }), [`${lineOf(src, '/* after */')}: protocol/pause-without-resume`]);
});

test('macros inside macros expand, and a #define changed in a header changes the paths', async () => {
  const header = `#define MP_EXIT goto exit\n#define BAIL_IF_FAILED(s) if (!NT_SUCCESS(s)) MP_EXIT\n`;
  const src = `${HELPERS}
#include "mp.h"
NDIS_STATUS MpMove(PADAPTER Adapter)
{
    NDIS_STATUS Status;
    MpIndicateStatus(Adapter, NDIS_STATUS_OFFLOAD_PAUSE);
    Status = MpTry(Adapter);
    BAIL_IF_FAILED(Status);
    MpIndicateStatus(Adapter, NDIS_STATUS_OFFLOAD_RESUME);
exit:
    return Status; /* exit */
}
`;
  const a = await createAnalyzer();
  a.setFile('file:///mp.h', header);
  a.setFile('file:///move.c', src);
  const rules = () => [...a.analyze().values()].flat().filter((f) => f.rule.startsWith('protocol/')).map((f) => `${f.range.start.line + 1}: ${f.rule}`);
  assert.deepEqual(rules(), [`${lineOf(src, '/* exit */')}: protocol/pause-without-resume`]);
  a.setFile('file:///mp.h', header.replace('goto exit', '(void)0'));
  assert.deepEqual(rules(), []);
  a.setFile('file:///mp.h', header);
  assert.deepEqual(rules(), [`${lineOf(src, '/* exit */')}: protocol/pause-without-resume`]);
});

test('a runaway macro used as a statement is a note, and the function is still analysed', async () => {
  // Each level doubles the text: 2^40 tokens if nothing stopped it.
  const defs = ['#define X0 return'];
  for (let i = 1; i <= 40; i++) defs.push(`#define X${i} X${i - 1} X${i - 1}`);
  const src = `${HELPERS}
${defs.join('\n')}
NDIS_STATUS MpHuge(PADAPTER Adapter)
{
    MpIndicateStatus(Adapter, NDIS_STATUS_OFFLOAD_PAUSE);
    X40;
    MpIndicateStatus(Adapter, NDIS_STATUS_OFFLOAD_RESUME);
    return NDIS_STATUS_SUCCESS;
}
`;
  const a = await createAnalyzer();
  a.setFile('file:///huge.c', src);
  const found = [...a.analyze().values()].flat().filter((f) => f.rule.startsWith('protocol/'));
  // The statement is read as it is written (a call that returns), and the resume after it is seen.
  assert.deepEqual(found.map((f) => `${f.range.start.line + 1}: ${f.rule}`), []);
  const notes = a.fileNotes().map((n) => n.message);
  assert.ok(notes.some((m) => /X40/.test(m) && /limit/.test(m)), notes.join('\n'));
});
