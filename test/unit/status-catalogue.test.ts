// The status catalogue (server/src/ndis/statusCatalogue.ts) against the pages
// it is generated from (../shared/reference/ndis-status-docs): one entry per
// page and one page per entry; what the generator reads from each page today
// (buffer, size, versions, obsolete flag, indicators, requirements) is what the
// catalogue records; the checked-in file is exactly the generator's output.
// Doctored copies of real pages show each kind of disagreement is caught.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CATALOGUE_BY_NAME, CATALOGUE_BY_VALUE, STATUS_CATALOGUE } from '../../server/src/ndis/statusCatalogue';
import { STATUS_BY_NAME } from '../../server/src/ndis/constants';
import { STRUCTURES } from '../../server/src/ndis/structureFacts';
import { WINDOWS_TO_NDIS } from '../../server/src/ndis/headerValues';
import { STATUS_DOCS, statusPageNames } from '../../scripts/catalogue/buildCatalogue';
import { catalogueProblems } from '../../scripts/catalogue/compare';
import { CATALOGUE_FILE, COLLECTED, generateCatalogue } from '../../scripts/catalogue/generate';
import { readStatusPage, type PageFacts } from '../../scripts/catalogue/readStatusPage';

const ROOT = resolve(__dirname, '../../..');
const DOCS = join(ROOT, STATUS_DOCS);
const NO_DOCS = `${STATUS_DOCS} is not next to the repository (CI has it); the catalogue cannot be checked against its pages`;
const RELEASES = new Map(Object.entries(WINDOWS_TO_NDIS));

function realPages(): PageFacts[] {
  return statusPageNames(DOCS).map((p) => readStatusPage(p, readFileSync(join(DOCS, p), 'utf8'), RELEASES));
}

/** The real pages with one of them rewritten. */
function doctored(page: string, edit: (src: string) => string): PageFacts[] {
  return statusPageNames(DOCS).map((p) => {
    const src = readFileSync(join(DOCS, p), 'utf8');
    const text = p === page ? edit(src) : src;
    if (p === page) assert.notEqual(text, src, `the doctoring of ${page} changed nothing`);
    return readStatusPage(p, text, RELEASES);
  });
}

test('one catalogue entry per status page, and one page per entry', (t) => {
  if (!existsSync(DOCS)) return t.skip(NO_DOCS);
  const pages = statusPageNames(DOCS);
  assert.equal(pages.length, 152, 'ndis-status-docs documents 152 codes');
  assert.deepEqual(STATUS_CATALOGUE.map((e) => e.page).sort(), pages);
  assert.equal(new Set(STATUS_CATALOGUE.map((e) => e.name)).size, STATUS_CATALOGUE.length, 'names are unique');
});

test('what the pages say today is what the catalogue records', (t) => {
  if (!existsSync(DOCS)) return t.skip(NO_DOCS);
  assert.deepEqual(catalogueProblems(realPages(), STATUS_CATALOGUE, COLLECTED), []);
});

test('the checked-in catalogue is the generator output (npm run catalogue)', (t) => {
  if (!existsSync(DOCS)) return t.skip(NO_DOCS);
  const { text } = generateCatalogue(DOCS);
  assert.ok(text === readFileSync(join(ROOT, CATALOGUE_FILE), 'utf8'), `${CATALOGUE_FILE} is stale: run npm run catalogue and review the diff`);
});

test('a page without an entry and an entry without a page are reported', (t) => {
  if (!existsSync(DOCS)) return t.skip(NO_DOCS);
  const pages = realPages();
  const extra: PageFacts = { ...pages.find((p) => p.name === 'NDIS_STATUS_LINK_STATE')!, page: 'ndis-status-link-status.md', name: 'NDIS_STATUS_LINK_STATUS' };
  const problems = catalogueProblems([...pages.filter((p) => p.name !== 'NDIS_STATUS_PORT_STATE'), extra], STATUS_CATALOGUE, COLLECTED);
  assert.ok(problems.some((p) => p.includes('NDIS_STATUS_LINK_STATUS, which has no catalogue entry')), problems.join('\n'));
  assert.ok(problems.some((p) => p.includes('catalogue entry NDIS_STATUS_PORT_STATE has no page')), problems.join('\n'));
});

test('a changed buffer type, version or obsolete flag on a page is reported', (t) => {
  if (!existsSync(DOCS)) return t.skip(NO_DOCS);
  const cases: Array<[string, (s: string) => string, RegExp]> = [
    ['ndis-status-link-state.md', (s) => s.replace(/contains the \[\*\*NDIS\\_LINK\\_STATE\*\*\]/, 'contains the [**NDIS\\_PORT\\_STATE**]'), /NDIS_STATUS_LINK_STATE .*buffer type is "NDIS_PORT_STATE" on the page, "NDIS_LINK_STATE" in the catalogue/],
    ['ndis-status-port-state.md', (s) => s.replace('Supported in NDIS 6.0 and later.', 'Supported in NDIS 6.20 and later.'), /NDIS_STATUS_PORT_STATE .*minimum NDIS version is "6.20" on the page, "6.0" in the catalogue/],
    ['ndis-status-media-connect.md', (s) => s.replace(/Not supported in NDIS 6\.0 and later \(use .*? instead\)\. Supported only for/, 'Supported for NDIS 6.0 and'), /NDIS_STATUS_MEDIA_CONNECT .*obsolete for NDIS 6 is false on the page, true in the catalogue/],
    ['ndis-status-oper-status.md', (s) => s.replace('sizeof(NDIS\\_OPER\\_STATE)', 'sizeof(ULONG)'), /NDIS_STATUS_OPER_STATUS .*buffer size/],
    ['ndis-status-port-state.md', (s) => s.replace('must set the port number in the', 'may set the port number in the'), /NDIS_STATUS_PORT_STATE .*requirements/],
  ];
  for (const [page, edit, expected] of cases) {
    const problems = catalogueProblems(doctored(page, edit), STATUS_CATALOGUE, COLLECTED);
    assert.ok(problems.some((p) => expected.test(p)), `${page}: expected ${expected}, got:\n${problems.join('\n')}`);
  }
});

test('a judgement whose page reading changed stops the generator', (t) => {
  if (!existsSync(DOCS)) return t.skip(NO_DOCS);
  const pages = doctored('ndis-status-wwan-ussd.md', (s) => s.replace(/NDIS\\_WWAN\\_USSD\\_REQUEST/g, 'NDIS\\_WWAN\\_USSD\\_QUERY'));
  const problems = catalogueProblems(pages, STATUS_CATALOGUE, COLLECTED);
  assert.ok(problems.some((p) => /ndis-status-wwan-ussd\.md: the page now reads NDIS_WWAN_USSD_QUERY/.test(p)), problems.join('\n'));
});

// ---------------------------------------------------------------------------
// Checks on the data itself (no pages needed).

test('every code has a value; values are unique but for the documented alias', () => {
  const missing = STATUS_CATALOGUE.filter((e) => e.value === undefined).map((e) => `${e.name}: ${e.valueNote}`);
  assert.deepEqual(missing, []);
  const shared = [...CATALOGUE_BY_VALUE.values()].filter((es) => es.length > 1).map((es) => es.map((e) => e.name).sort().join(' = '));
  assert.deepEqual(shared, ['NDIS_STATUS_MEDIA_SPECIFIC_INDICATION = NDIS_STATUS_WW_INDICATION']);
  for (const e of STATUS_CATALOGUE) assert.equal(CATALOGUE_BY_NAME.get(e.name), e);
});

test('the catalogue agrees with ndis/constants.ts wherever both name a code', () => {
  const both = STATUS_CATALOGUE.filter((e) => STATUS_BY_NAME.has(e.name));
  assert.ok(both.length >= 12, `${both.length} codes in both`);
  for (const e of both) assert.equal(STATUS_BY_NAME.get(e.name)!.value, e.value, e.name);
});

test('buffers that are NDIS objects carry their Header constants, with numbers where a header gives them', () => {
  for (const e of STATUS_CATALOGUE) {
    const s = e.buffer.kind === 'structure' && e.buffer.type ? STRUCTURES[e.buffer.type] : undefined;
    assert.equal(!!e.header, !!(s?.object && !e.buffer.ndis5Call), `${e.name}: header present exactly for NDIS object buffers`);
    if (!e.header) continue;
    assert.match(e.header.type.name, /^NDIS_OBJECT_TYPE_/, e.name);
    assert.equal(typeof e.header.type.value, 'number', `${e.name}: ${e.header.type.name} has a value`);
    assert.ok(e.header.revisions.length > 0, `${e.name}: at least one revision`);
    for (const r of e.header.revisions) {
      assert.ok(r.revision.value !== undefined || r.revision.unresolved, `${e.name}: ${r.revision.name} has a value or a reason`);
      assert.ok(r.size.value !== undefined || r.size.unresolved, `${e.name}: ${r.size.name} has a value or a reason`);
    }
  }
  // A Header the status page itself prescribes is one of the structure page's revisions.
  for (const e of STATUS_CATALOGUE) {
    for (const m of e.musts) {
      if (m.kind !== 'header') continue;
      assert.equal(m.type, e.header?.type.name, `${e.name}: prescribed Type`);
      assert.ok(e.header?.revisions.some((r) => r.revision.name === m.revision && (!m.size || r.size.name === m.size)), `${e.name}: prescribed ${m.revision}`);
    }
  }
  const link = CATALOGUE_BY_NAME.get('NDIS_STATUS_LINK_STATE')!;
  assert.deepEqual([link.header?.type.value, link.header?.revisions.map((r) => [r.revision.name, r.revision.value, r.size.name])], [
    0x80,
    [['NDIS_LINK_STATE_REVISION_1', 1, 'NDIS_SIZEOF_LINK_STATE_REVISION_1']],
  ]);
});

test('the issue-10 examples are in the catalogue as documented', () => {
  const link = CATALOGUE_BY_NAME.get('NDIS_STATUS_LINK_STATE')!;
  assert.deepEqual([link.value, link.buffer.kind, link.buffer.type, link.versions.min, link.versions.obsoleteForNdis6], [0x40010017, 'structure', 'NDIS_LINK_STATE', '6.0', false]);
  const connect = CATALOGUE_BY_NAME.get('NDIS_STATUS_MEDIA_CONNECT')!;
  assert.deepEqual([connect.versions.obsoleteForNdis6, connect.versions.replacement], [true, 'NDIS_STATUS_LINK_STATE']);
  const port = CATALOGUE_BY_NAME.get('NDIS_STATUS_PORT_STATE')!;
  assert.deepEqual([port.buffer.type, port.musts], ['NDIS_PORT_STATE', [{ kind: 'port-number' }]]);
  assert.equal(CATALOGUE_BY_NAME.get('NDIS_STATUS_LINK_STATUS'), undefined);
});

// Our own words: no run of 7 words from a status page appears in a summary or note.
const N = 7;
const words = (s: string) => s.replace(/\\_/g, '_').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').toLowerCase().replace(/[^a-z0-9_]+/g, ' ').split(' ').filter(Boolean);

test('summaries and notes are in our own words (no 7-word run copied from the page)', (t) => {
  if (!existsSync(DOCS)) return t.skip(NO_DOCS);
  const copied: string[] = [];
  for (const e of STATUS_CATALOGUE) {
    const page = words(readFileSync(join(DOCS, e.page), 'utf8'));
    const shingles = new Set<string>();
    for (let i = 0; i + N <= page.length; i++) shingles.add(page.slice(i, i + N).join(' '));
    for (const text of [e.summary, e.buffer.note ?? '']) {
      const w = words(text);
      for (let i = 0; i + N <= w.length; i++) if (shingles.has(w.slice(i, i + N).join(' '))) copied.push(`${e.name}: "${w.slice(i, i + N).join(' ')}"`);
    }
  }
  assert.deepEqual(copied, []);
});
