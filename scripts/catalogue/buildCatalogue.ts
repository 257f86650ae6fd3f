// Builds the status catalogue entries from what the pages say (readStatusPage),
// the judgements (judgements.ts), the collected header facts (headerValues.ts,
// structureFacts.ts) and our summaries (statusSummaries.ts). Pure functions:
// the test calls them on the pages and compares with the checked-in catalogue.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CollectedStructure,
  CollectedValue,
  NamedConstant,
  ObjectHeaderFacts,
  StatusBufferSpec,
  StatusCatalogueEntry,
} from '../../server/src/ndis/statusCatalogueTypes';
import { BUFFER_JUDGEMENTS, BUFFER_NOTES, INDICATOR_JUDGEMENTS } from './judgements';
import { readStatusPage, type PageBuffer, type PageFacts } from './readStatusPage';

/** The status pages, relative to the repository root. */
export const STATUS_DOCS = '../shared/reference/ndis-status-docs';

export interface CollectedFacts {
  status: Readonly<Record<string, CollectedValue>>;
  constants: Readonly<Record<string, CollectedValue>>;
  structures: Readonly<Record<string, CollectedStructure>>;
  windowsToNdis: Readonly<Record<string, string>>;
  summaries: Readonly<Record<string, string>>;
}

/** One page per code: ndis-status-*.md (the overview pages are not codes). */
export function statusPageNames(dir: string): string[] {
  return readdirSync(dir).filter((f) => /^ndis-status-.+\.md$/.test(f)).sort();
}

export function readAllPages(dir: string, windowsToNdis: Readonly<Record<string, string>>): PageFacts[] {
  const release = new Map(Object.entries(windowsToNdis));
  return statusPageNames(dir).map((page) => readStatusPage(page, readFileSync(join(dir, page), 'utf8'), release));
}

/** The page's buffer after the judgements, "same as" references and a value type taken from its stated size. */
export function resolvedBuffer(f: PageFacts, all: readonly PageFacts[]): PageBuffer {
  let b = f.buffer;
  if (b.sameAs) {
    const other = all.find((o) => o.name === b.sameAs);
    if (!other) throw new Error(`${f.page}: it is the same as ${b.sameAs}, which has no page`);
    b = { ...resolvedBuffer(other, all), sameAs: b.sameAs };
  }
  const j = BUFFER_JUDGEMENTS[f.name];
  if (j) {
    if (b.type !== j.reads) throw new Error(`${f.page}: the page now reads ${b.type ?? 'no structure'}, not ${j.reads}; review the judgement in judgements.ts`);
    b = { ...b, type: j.type };
  }
  if (b.kind === 'value' && !b.type && f.size.kind === 'sizeof') b = { ...b, type: f.size.of };
  return b;
}

function constant(name: string, facts: CollectedFacts): NamedConstant {
  const v = facts.constants[name];
  if (name.startsWith('sizeof(')) {
    return { name, value: undefined, unresolved: 'the size of the whole structure: only its layout gives the number' };
  }
  if (!v || v.missing) return { name, value: undefined, unresolved: 'no public header read defines this name' };
  if (v.value !== undefined) return { name, value: v.value, source: v.source };
  if (v.through) {
    return { name, value: undefined, unresolved: `${v.through.type} up to and including ${v.through.field}: only the layout gives the number` };
  }
  if (v.sizeOf) return { name, value: undefined, unresolved: `sizeof(${v.sizeOf}): only the layout gives the number` };
  return { name, value: undefined, unresolved: 'the header defines it with an expression we do not evaluate' };
}

function sinceToNdis(since: string | undefined, facts: CollectedFacts): string | undefined {
  if (!since) return undefined;
  return /^\d\.\d+$/.test(since) ? since : facts.windowsToNdis[since];
}

function objectHeader(type: string, facts: CollectedFacts): ObjectHeaderFacts | undefined {
  const s = facts.structures[type];
  if (!s?.object || !s.page || !s.type) return undefined;
  return {
    structPage: s.page,
    type: constant(s.type, facts),
    revisions: s.revisions.map((r) => {
      const ndis = sinceToNdis(r.since, facts);
      return { revision: constant(r.revision, facts), size: constant(r.size, facts), ...(ndis ? { ndis } : {}) };
    }),
  };
}

const WDI_NOTE =
  'A WDI message: a WDI_MESSAGE_HEADER, then the TLVs listed. dot11wdi.h says the message id and length come from the ' +
  'indication itself (StatusCode and StatusBufferSize).';

function bufferSpec(f: PageFacts, b: PageBuffer, facts: CollectedFacts): StatusBufferSpec {
  const notes: string[] = [];
  if (b.sameAs) notes.push(`The page says this code is the same as ${b.sameAs}.`);
  const j = BUFFER_JUDGEMENTS[f.name];
  if (j) notes.push(j.why);
  if (BUFFER_NOTES[f.name]) notes.push(BUFFER_NOTES[f.name]);
  if (b.kind === 'unknown' && !b.sameAs) notes.push('The page does not say what StatusBuffer holds.');
  if (b.kind === 'variable') notes.push('A driver-allocated buffer whose format depends on the medium; the page gives no fixed type.');
  if (b.kind === 'wdi-message') notes.push(WDI_NOTE);
  if (b.kind === 'structure' && b.type && facts.structures[b.type] && !facts.structures[b.type].object) {
    notes.push(`${b.type} is not an NDIS object: it has no Header to check.`);
  }
  let size = f.size;
  if (b.sameAs || j) size = b.kind === 'variable' ? { kind: 'variable' } : b.type ? { kind: 'sizeof', of: b.type, stated: false } : size;
  if (b.kind === 'wdi-message') size = { kind: 'variable' };
  return {
    kind: b.kind,
    ...(b.kind === 'wdi-message' ? { type: 'WDI_MESSAGE_HEADER' } : b.type ? { type: b.type } : {}),
    size,
    ...(b.tlvs ? { tlvs: b.tlvs } : {}),
    ...(b.ndis5Call ? { ndis5Call: true } : {}),
    ...(notes.length ? { note: notes.join(' ') } : {}),
  };
}

export function buildEntries(facts: readonly PageFacts[], collected: CollectedFacts): StatusCatalogueEntry[] {
  const problems: string[] = [];
  const entries = facts.map((f): StatusCatalogueEntry => {
    const b = resolvedBuffer(f, facts);
    const v = collected.status[f.name];
    let indicatedBy = f.indicatedBy;
    const ij = INDICATOR_JUDGEMENTS[f.name];
    if (ij) {
      if (JSON.stringify(ij.reads) !== JSON.stringify(f.indicatedBy)) {
        problems.push(`${f.page}: the page now reads indicators [${f.indicatedBy.join(', ')}]; review INDICATOR_JUDGEMENTS`);
      }
      indicatedBy = [...ij.indicatedBy];
    }
    if (!indicatedBy.length && b.sameAs) indicatedBy = facts.find((o) => o.name === b.sameAs)?.indicatedBy ?? [];
    const { min, max, minFrom, windows, obsoleteForNdis6, replacement } = f.versions;
    if (!min || !minFrom) problems.push(`${f.page}: no NDIS version could be read from the Requirements section`);
    const summary = collected.summaries[f.name];
    if (!summary) problems.push(`${f.page}: no summary in statusSummaries.ts`);
    const header = b.kind === 'structure' && b.type && !b.ndis5Call ? objectHeader(b.type, collected) : undefined;
    return {
      name: f.name,
      page: f.page,
      value: v?.value,
      ...(v?.value !== undefined ? { valueSource: v.source } : { valueNote: 'No public header read defines this code.' }),
      family: f.family,
      indicatedBy,
      versions: {
        min: min ?? '',
        ...(max ? { max } : {}),
        minFrom: minFrom ?? 'ndis',
        ...(windows ? { windows } : {}),
        obsoleteForNdis6,
        ...(replacement ? { replacement } : {}),
      },
      buffer: bufferSpec(f, b, collected),
      ...(header ? { header } : {}),
      musts: f.musts,
      summary: summary ?? '',
    };
  });
  const stale = Object.keys(collected.summaries).filter((n) => !facts.some((f) => f.name === n));
  for (const n of stale) problems.push(`statusSummaries.ts has ${n}, which no page documents`);
  if (problems.length) throw new Error(problems.join('\n'));
  return entries;
}
