// The WDK's own macros that drivers call without defining them (server/src/ndis/wdkMacros.ts): the
// analysis reads their effect instead of taking every field of the indication as unknown, and a
// definition of the workspace wins over the built-in one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnalyzer } from '../../server/src/rules/analyzeWithRules';
import { allSites } from '../../server/src/analysis/sites';
import { WDK_MACROS } from '../../server/src/ndis/wdkMacros';
import { macroAsFunction } from '../../server/src/analysis/macros';

const SOURCE = `
VOID Indicate(NDIS_HANDLE MiniportAdapterHandle, PNDIS_LINK_STATE LinkState)
{
    NDIS_STATUS_INDICATION si;
    NdisZeroMemory(&si, sizeof(si));
    si.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;
    si.SourceHandle = MiniportAdapterHandle;
    si.StatusCode = NDIS_STATUS_LINK_STATE;
    si.StatusBuffer = LinkState;
    NDIS_STATUS_INDICATION_SET_FLAG(&si, NDIS_STATUS_INDICATION_FLAGS_MEDIA_CONNECT_TO_CONNECT);
    NdisMIndicateStatusEx(MiniportAdapterHandle, &si);
}
`;

test('NDIS_STATUS_INDICATION_SET_FLAG writes Flags only: every other field keeps its value', async () => {
  const a = await createAnalyzer();
  a.setFile('file:///w/status.c', SOURCE);
  const [site] = allSites(a.ws);
  const one = (p: string) => site.values.get(p)!.map((v) => `${v.how} ${v.expr}`);
  assert.deepEqual(one('StatusCode'), ['assign NDIS_STATUS_LINK_STATE']);
  assert.deepEqual(one('SourceHandle'), ['param MiniportAdapterHandle']);
  assert.deepEqual(one('Header.Type'), ['assign NDIS_OBJECT_TYPE_STATUS_INDICATION']);
  assert.deepEqual(one('Header.Revision'), ['zero 0']);
  // Flags is written by the macro, at the macro's use (the built-in has no text in the workspace).
  const flags = site.values.get('Flags')!;
  assert.equal(flags.length, 1);
  assert.notEqual(flags[0].how, 'unknown');
  assert.equal(flags[0].loc?.start, SOURCE.indexOf('NDIS_STATUS_INDICATION_SET_FLAG'));
});

test('the workspace definition wins over the built-in one', async () => {
  const a = await createAnalyzer();
  a.setFile('file:///w/mp.h', '#define NDIS_STATUS_INDICATION_SET_FLAG(_S, _F) ((_S)->StatusCode = 0)\n');
  a.setFile('file:///w/status.c', SOURCE);
  const [site] = allSites(a.ws);
  assert.deepEqual(site.values.get('StatusCode')!.map((v) => v.expr), ['0']);
  assert.equal(a.ws.macro('NDIS_STATUS_INDICATION_SET_FLAG')?.builtin, undefined);
});

test('every built-in macro is read: its body parses as a function of its parameters', async () => {
  const a = await createAnalyzer();
  for (const m of WDK_MACROS) {
    const facts = a.ws.macro(m.name);
    assert.ok(facts?.builtin, m.name);
    assert.deepEqual(facts.params, m.params);
    const fn = macroAsFunction(a.ws, m.name);
    assert.deepEqual(fn?.params.map((p) => p.name), m.params, m.name);
    // The flag macros write Flags and nothing else; the readers write nothing.
    const written = fn!.writes.flatMap((w) => (w.kind === 'assign' ? [w.lv] : []));
    assert.deepEqual(written, /_(SET|CLEAR)_FLAG$/.test(m.name) ? ['Indication.Flags'] : [], m.name);
  }
});
