// Hover content: every offload symbol and every rule id has a hover with the parts
// issue 5 asks for, values match constants.ts, related rules exist, other words get
// nothing, and no sentence is lifted from the reference pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EXPLAINED_RULE_IDS, hex, hoverMarkdown, hoverWords, relatedRuleIds } from '../../server/src/lsp/hoverText';
import {
  CHIMNEY_INDICATIONS,
  EVENT_TYPES,
  MAX_UPLOAD_REASON,
  STATUS_CODES,
  UPLOAD_REASONS,
} from '../../server/src/ndis/constants';
import { RULES, RULE_BY_ID, ruleDocPath } from '../../server/src/rules/registry';
import { STATUS_CATALOGUE } from '../../server/src/ndis/statusCatalogue';

const CALLS = ['NdisMIndicateStatusEx', 'NdisTcpOffloadEventHandler'];

function md(word: string): string {
  const text = hoverMarkdown(word);
  assert.ok(text, `a hover for ${word}`);
  return text;
}

/** Rule ids listed under "Related rules". */
function listedRules(text: string): string[] {
  const section = text.split('**Related rules**')[1] ?? '';
  return [...section.matchAll(/^- `([a-z-]+\/[a-z-]+)`/gm)].map((m) => m[1]);
}

test('hex formats values the way the headers write them', () => {
  assert.equal(hex(0x4002000b, 8), '0x4002000B');
  assert.equal(hex(0xc0231001, 8), '0xC0231001');
  assert.equal(hex(0, 8), '0x00000000');
  assert.equal(hex(3), '0x3');
  assert.equal(hex(11), '0xB');
});

test('every status code: meaning, when, what next, hex value, related rules', () => {
  for (const s of STATUS_CODES) {
    const text = md(s.name);
    assert.ok(text.startsWith(`**\`${s.name}\`**`), s.name);
    assert.ok(text.includes(`value \`${hex(s.value, 8)}\``), `${s.name}: value ${hex(s.value, 8)}`);
    assert.ok(text.includes('**When a target may use it.**'), `${s.name}: when`);
    assert.ok(listedRules(text).length > 0 || relatedRuleIds(s.name).length === 0, `${s.name}: related rules listed`);
    if (s.kind === 'completion') assert.match(text, /not an indication code/, `${s.name}: says it is not an indication code`);
  }
});

test('chimney indications: the host reaction, the buffer and the protocol rules', () => {
  for (const name of CHIMNEY_INDICATIONS) {
    const text = md(name);
    assert.ok(text.includes('**What the host stack does next.**'), name);
    assert.match(text, /chimney status indication/);
    assert.match(text, /StatusBuffer|status buffer/);
    assert.ok(listedRules(text).includes('indication/status-buffer'), name);
    assert.ok(listedRules(text).some((r) => r.startsWith('protocol/')), name);
  }
  assert.match(md('NDIS_STATUS_OFFLOAD_PAUSE'), /queue/i);
  assert.match(md('NDIS_STATUS_OFFLOAD_PAUSE'), /0x40020001/);
  assert.match(md('NDIS_STATUS_UPLOAD_ALL'), /MiniportTerminateOffload/);
  assert.match(md('NDIS_STATUS_UPLOAD_ALL'), /NDIS_STATUS_UPLOAD_IN_PROGRESS/);
  assert.ok(listedRules(md('NDIS_STATUS_UPLOAD_ALL')).includes('protocol/resume-before-upload-drain'));
  assert.match(md('NDIS_STATUS_OFFLOAD_RESUME'), /OID_TCP_TASK_OFFLOAD/);
  assert.match(md('NDIS_STATUS_OFFLOAD_RESUME'), /NDIS_TCP_CONNECTION_OFFLOAD/);
  assert.ok(listedRules(md('NDIS_STATUS_PAUSED')).includes('protocol/send-completed-paused'));
  assert.ok(listedRules(md('NDIS_STATUS_UPLOAD_IN_PROGRESS')).includes('protocol/send-completed-paused'));
});

test('every documented status code: what it reports, who indicates it, its buffer, its NDIS versions, its page', () => {
  for (const e of STATUS_CATALOGUE) {
    const text = md(e.name);
    assert.ok(text.startsWith(`**\`${e.name}\`**`), e.name);
    if (e.value !== undefined) assert.ok(text.includes(`value \`${hex(e.value, 8)}\``), `${e.name}: value`);
    assert.ok(text.includes(e.summary), `${e.name}: our summary`);
    for (const title of ['Who indicates it', 'Status buffer', 'NDIS versions', 'Page']) assert.ok(text.includes(`**${title}.**`), `${e.name}: ${title}`);
    assert.ok(text.includes(e.page), `${e.name}: page`);
    if (e.buffer.kind === 'structure') assert.ok(text.includes(`\`${e.buffer.type}\``), `${e.name}: buffer type`);
    if (e.header) assert.ok(text.includes(e.header.type.name) && e.header.revisions.every((r) => text.includes(r.revision.name)), `${e.name}: header`);
    if (e.versions.obsoleteForNdis6) assert.ok(listedRules(text).includes('indication/obsolete-status'), `${e.name}: obsolete rule`);
  }
  assert.match(md('NDIS_STATUS_LINK_STATE'), /NDIS_LINK_STATE_REVISION_1/);
  assert.match(md('NDIS_STATUS_MEDIA_CONNECT'), /NDIS 6\.0 and later drivers do not use it: they indicate `NDIS_STATUS_LINK_STATE`/);
  assert.ok(listedRules(md('NDIS_STATUS_PORT_STATE')).includes('indication/port-number'));
  assert.match(md('NDIS_STATUS_DOT11_SCAN_CONFIRM'), /Defined by the NDIS headers/);
  assert.match(md('NdisFIndicateStatus'), /NdisFilterHandle/);
});

test('every event type: meaning, when, what next, EventSpecificInformation, value, rules', () => {
  for (const e of EVENT_TYPES) {
    const text = md(e.name);
    assert.ok(text.includes(`value \`${hex(e.value)}\` (${e.value})`), `${e.name}: value`);
    assert.ok(text.includes('**When a target may use it.**'), e.name);
    assert.ok(text.includes('**What the host stack does next.**'), e.name);
    assert.match(text, /EventSpecificInformation/, e.name);
    assert.ok(listedRules(text).includes('offload-event/event-type'), e.name);
  }
  assert.ok(listedRules(md('TcpIndicateRetrieve')).includes('offload-event/retrieve-reason'));
  assert.ok(!listedRules(md('TcpIndicateAbort')).includes('offload-event/retrieve-reason'));
  assert.match(md('TcpIndicateAbort'), /NDIS_STATUS_REQUEST_ABORTED/);
  assert.match(md('TcpIndicateRetrieve'), /NDIS_STATUS_UPLOAD_ALL/);
});

test('every upload reason: mandatory or optional as constants.ts says, value, rule', () => {
  for (const r of UPLOAD_REASONS) {
    const text = md(r.name);
    assert.ok(text.includes(`value \`${hex(r.value)}\` (${r.value})`), `${r.name}: value`);
    const other = r.upload === 'mandatory' ? 'optional' : 'mandatory';
    assert.ok(text.includes(`**${r.upload}** upload`), `${r.name}: ${r.upload}`);
    assert.ok(!text.includes(`**${other}** upload`), `${r.name}: not ${other}`);
    assert.deepEqual(listedRules(text), ['offload-event/retrieve-reason']);
  }
  const max = md(MAX_UPLOAD_REASON.name);
  assert.match(max, /value `0xC` \(12\)/);
  assert.match(max, /not a reason/);
  assert.match(md('NoBufferProposting'), /NoBufferPreposting/);
});

test('the two calls: signature, how to call, what follows, rules', () => {
  for (const name of CALLS) {
    const text = md(name);
    assert.ok(text.includes('**When a target may use it.**'), name);
    assert.ok(text.includes('**What the host stack does next.**'), name);
  }
  const ind = md('NdisMIndicateStatusEx');
  for (const needle of ['NDIS_OBJECT_TYPE_STATUS_INDICATION', 'SourceHandle', 'MiniportHaltEx', 'DISPATCH_LEVEL']) assert.ok(ind.includes(needle), needle);
  for (const r of ['indication/header', 'indication/source-handle', 'indication/flags', 'protocol/resume-before-upload-drain']) {
    assert.ok(listedRules(ind).includes(r), r);
  }
  const ev = md('NdisTcpOffloadEventHandler');
  for (const needle of ['NdisOffloadHandle', 'NdisMGetOffloadHandlers', 'TCP_UPLOAD_REASON']) assert.ok(ev.includes(needle), needle);
  for (const r of ['offload-event/event-type', 'offload-event/retrieve-reason', 'offload-event/handle']) assert.ok(listedRules(ev).includes(r), r);
});

test('every rule id: title, severity, explanation, fix and rule page', () => {
  assert.deepEqual([...EXPLAINED_RULE_IDS].sort(), RULES.map((r) => r.id).sort(), 'one explanation per registry rule, no stale ones');
  for (const rule of RULES) {
    const text = md(rule.id);
    assert.ok(text.includes(rule.title), `${rule.id}: title`);
    assert.ok(text.includes(`*${rule.severity}*`), `${rule.id}: severity`);
    assert.ok(text.includes('**How to satisfy it.**'), `${rule.id}: fix`);
    assert.ok(text.includes(ruleDocPath(rule.id)), `${rule.id}: rule page`);
  }
});

test('related rule ids all exist in the registry, and the rule hovers name symbols that have hovers', () => {
  const words = hoverWords();
  for (const w of words) {
    for (const id of relatedRuleIds(w)) assert.ok(RULE_BY_ID.has(id), `${w}: ${id} is a registry rule`);
    const text = md(w);
    for (const id of listedRules(text)) assert.ok(RULE_BY_ID.has(id), `${w}: ${id}`);
  }
  for (const rule of RULES) {
    const concerns = /\*\*Concerns:\*\* (.*)/.exec(md(rule.id))?.[1] ?? '';
    for (const [, sym] of concerns.matchAll(/`(\w+)`/g)) assert.ok(hoverMarkdown(sym), `${rule.id}: ${sym} has a hover`);
  }
});

test('only offload symbols get a hover', () => {
  for (const w of ['', 'int', 'NdisZeroMemory', 'NDIS_STATUS_INDICATION', 'NDIS_STATUS', 'Adapter', 'toString', 'constructor', '__proto__', 'protocol/unknown-rule', 'indication', 'pauseIndication']) {
    assert.equal(hoverMarkdown(w), undefined, JSON.stringify(w));
  }
  // Case matters in C.
  assert.equal(hoverMarkdown('ndis_status_offload_pause'), undefined);
  assert.equal(hoverMarkdown('lowactivity'), undefined);
});

// ---------------------------------------------------------------------------
// Our own words: no run of 9 words from a reference page appears in a hover.

const REFERENCE = '../shared/reference';
const N = 9;

function words(text: string): string[] {
  return text
    .replace(/<[^>]+>/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, ' ')
    .split(' ')
    .filter(Boolean);
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : n.endsWith('.md') || n.endsWith('.txt') ? [p] : [];
  });
}

test('hover text is in our own words (no 9-word run copied from the reference pages)', { skip: !existsSync(REFERENCE) && `${REFERENCE} not present` }, () => {
  const docs = [...files(join(REFERENCE, 'wdk-docs-archived')), ...files(join(REFERENCE, 'wdk-ddi')), ...files(join(REFERENCE, 'ndis-status-docs')), ...(existsSync('../shared/seeds') ? files('../shared/seeds') : [])];
  assert.ok(docs.length > 50, 'reference pages found');
  const shingles = new Set<string>();
  for (const f of docs) {
    const w = words(readFileSync(f, 'utf8'));
    for (let i = 0; i + N <= w.length; i++) shingles.add(w.slice(i, i + N).join(' '));
  }
  const copied: string[] = [];
  for (const word of hoverWords()) {
    const w = words(md(word));
    for (let i = 0; i + N <= w.length; i++) {
      const s = w.slice(i, i + N).join(' ');
      if (shingles.has(s)) copied.push(`${word}: "${s}"`);
    }
  }
  assert.deepEqual(copied, []);
});
