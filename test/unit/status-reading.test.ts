// The one reading of a status code (analysis/statusCode.ts) and the declared types a buffer is judged
// by (analysis/types.ts), on small workspaces: by name and by value against the catalogue, header names
// that are not misspellings, workspace #defines, typedefs, P-pointer names, fields, casts and arrays.
// Also the IRQL finding's call chain and the quick fixes of the status-code rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnalyzer, analyzeSources } from '../../server/src/rules/analyzeWithRules';
import { readCode } from '../../server/src/analysis/statusCode';
import { pointeeType } from '../../server/src/analysis/types';
import type { Value } from '../../server/src/analysis/values';

const value = (expr: string): Value => ({ expr, how: 'assign', via: [] });

async function workspace(text: string) {
  const a = await createAnalyzer();
  a.setFile('file:///w/driver.c', text);
  a.analyze();
  return a.ws;
}

test('status codes are read by name, by value, as header names and as workspace #defines', async () => {
  const ws = await workspace('#define MY_LINK NDIS_STATUS_LINK_STATE\n#define NDIS_STATUS_VENDOR_EVENT 0x40FF0001\n');
  const link = readCode(value('NDIS_STATUS_LINK_STATE'), ws);
  assert.equal(link.entry?.name, 'NDIS_STATUS_LINK_STATE');
  assert.ok(link.named && !link.unknownName);
  const numeric = readCode(value('0x40010017'), ws);
  assert.equal(numeric.entry?.name, 'NDIS_STATUS_LINK_STATE');
  assert.equal(numeric.named, false);
  assert.equal(readCode(value('MY_LINK'), ws).entry?.name, 'NDIS_STATUS_LINK_STATE');
  // One value, two documented names.
  const ww = readCode(value('0x40010012'), ws);
  assert.deepEqual(ww.entries.map((e) => e.name).sort(), ['NDIS_STATUS_MEDIA_SPECIFIC_INDICATION', 'NDIS_STATUS_WW_INDICATION']);
  // A documented code with an error-range value is still documented.
  assert.equal(readCode(value('NDIS_STATUS_SWITCH_NIC_STATUS'), ws).entry?.value, 0xc0241002);
  // Misspelt, header-only and workspace names.
  assert.equal(readCode(value('NDIS_STATUS_LINK_STATUS'), ws).unknownName, true);
  const dot11 = readCode(value('NDIS_STATUS_DOT11_SCAN_CONFIRM'), ws);
  assert.equal(dot11.unknownName, false);
  assert.equal(dot11.entry, undefined);
  assert.equal(dot11.number, 0x40030000);
  assert.equal(readCode(value('NDIS_STATUS_VENDOR_EVENT'), ws).unknownName, false);
  // Chimney codes keep their protocol event.
  assert.equal(readCode(value('NDIS_STATUS_OFFLOAD_PAUSE'), ws).status?.protocolEvent, 'pause');
});

test('what a buffer expression points to, from the declarations the workspace shows', async () => {
  const ws = await workspace(`
typedef struct _PORT { NDIS_PORT_STATE State; ULONG64 Speed; UCHAR Bytes[16]; } PORT, *PPORT;
typedef struct _ADAPTER { NDIS_LINK_STATE LinkState; PPORT Ports[4]; PORT Port; } ADAPTER, *PADAPTER;
typedef NDIS_LINK_STATE MY_LINK_STATE, *PMY_LINK_STATE;
NDIS_OFFLOAD g_Offload;
VOID F(PADAPTER Adapter, PMY_LINK_STATE Mine, PVOID Raw)
{
    NDIS_LINK_STATE local;
    ULONG values[4];
}
`);
  const fn = ws.functionsNamed('F');
  const at = (expr: string) => {
    const t = pointeeType(ws, fn, expr);
    return t ? `${t.base}${'*'.repeat(t.stars)}` : undefined;
  };
  assert.equal(at('&Adapter->LinkState'), 'NDIS_LINK_STATE');
  assert.equal(at('&Adapter->Port.State'), 'NDIS_PORT_STATE');
  assert.equal(at('&Adapter->Ports[1]->Speed'), 'ULONG64');
  assert.equal(at('Adapter->Port.Bytes'), undefined, 'an array field decays to bytes we do not judge');
  assert.equal(at('Mine'), 'NDIS_LINK_STATE', 'a typedef of a typedef, through a P name');
  assert.equal(at('&local'), 'NDIS_LINK_STATE');
  assert.equal(at('values'), 'ULONG', 'a local array decays to its element');
  assert.equal(at('&g_Offload'), 'NDIS_OFFLOAD');
  assert.equal(at('(PNDIS_PORT_STATE)Raw'), 'NDIS_PORT_STATE', 'a cast to a typed pointer says what is meant');
  assert.equal(at('(PVOID)&local'), 'NDIS_LINK_STATE', 'a cast to PVOID says nothing');
  assert.equal(at('Raw'), 'VOID');
  assert.equal(at('&Unknown->Field'), undefined);
});

test('indication/irql gives the call chain from the interrupt handler to the indication', async () => {
  const text = `#include <ndis.h>
typedef struct _ADAPTER { NDIS_HANDLE Handle; NDIS_HANDLE Interrupt; } ADAPTER, *PADAPTER;
static VOID Indicate(PADAPTER Adapter)
{
    NDIS_STATUS_INDICATION si;
    NdisZeroMemory(&si, sizeof(si));
    si.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;
    si.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;
    si.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
    si.SourceHandle = Adapter->Handle;
    si.StatusCode = NDIS_STATUS_ISOLATION_PARAMETERS_CHANGE;
    NdisMIndicateStatusEx(Adapter->Handle, &si);
}
static VOID Handle(PADAPTER Adapter) { Indicate(Adapter); }
MINIPORT_ISR Isr;
BOOLEAN Isr(NDIS_HANDLE Context, PBOOLEAN QueueDpc, PULONG Targets) { Handle((PADAPTER)Context); return TRUE; }
`;
  const findings = (await analyzeSources([{ uri: 'file:///w/isr.c', text }])).filter((f) => f.rule === 'indication/irql');
  assert.equal(findings.length, 1);
  const f = findings[0];
  assert.equal(f.range.start.line, 15, 'reported on the call in the ISR');
  assert.deepEqual(f.steps.map((s) => s.range.start.line), [15, 15, 13, 11]);
  assert.match(f.steps[0].message, /Isr: an interrupt service routine/);
  assert.match(f.message, /through Handle -> Indicate/);
});

test('the status-code quick fixes write the documented code, and the NDIS 5 media code becomes a link state', async () => {
  const head = `#include <ndis.h>
VOID F(NDIS_HANDLE h)
{
    NDIS_STATUS_INDICATION si;
    NdisZeroMemory(&si, sizeof(si));
    si.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;
    si.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;
    si.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
    si.SourceHandle = h;
`;
  const misspelt = await analyzeSources([{ uri: 'file:///w/a.c', text: `${head}    si.StatusCode = NDIS_STATUS_PORT_STAT;\n    NdisMIndicateStatusEx(h, &si);\n}\n` }]);
  const code = misspelt.find((f) => f.rule === 'indication/status-code');
  assert.match(code?.message ?? '', /did you mean NDIS_STATUS_PORT_STATE\?/);
  assert.equal(code?.fixes[0]?.newText, 'NDIS_STATUS_PORT_STATE');
  const media = await analyzeSources([{ uri: 'file:///w/b.c', text: `${head}    si.StatusCode = NDIS_STATUS_MEDIA_DISCONNECT;\n    NdisMIndicateStatusEx(h, &si);\n}\n` }]);
  const old = media.find((f) => f.rule === 'indication/obsolete-status');
  assert.ok(old, 'reported');
  const fix = old.fixes[0];
  assert.ok(fix, 'with a fix');
  assert.ok(!fix.newText.includes('NDIS_STATUS_MEDIA_DISCONNECT'), 'the old code is gone');
  for (const line of ['LinkState.MediaConnectState = MediaConnectStateDisconnected;', 'si.StatusCode = NDIS_STATUS_LINK_STATE;', 'si.StatusBuffer = &LinkState;', 'LinkState.Header.Size = NDIS_SIZEOF_LINK_STATE_REVISION_1;']) {
    assert.ok(fix.newText.includes(`    ${line}\n`), line);
  }
});
