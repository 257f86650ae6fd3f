// Where the status pages and a catalogue disagree, in words a reader can act
// on: a page without an entry, an entry without a page, and per code the
// buffer, size, versions, obsolete flag, indicators and requirements that the
// pages give today against those the catalogue records.

import type { StatusCatalogueEntry } from '../../server/src/ndis/statusCatalogueTypes';
import { buildEntries, type CollectedFacts } from './buildCatalogue';
import type { PageFacts } from './readStatusPage';

const show = (v: unknown) => JSON.stringify(v);

function fields(e: StatusCatalogueEntry): Record<string, unknown> {
  return {
    'buffer kind': e.buffer.kind,
    'buffer type': e.buffer.type,
    'buffer size': e.buffer.size,
    'WDI payload': e.buffer.tlvs,
    'NDIS 5 call': e.buffer.ndis5Call ?? false,
    'minimum NDIS version': e.versions.min,
    'maximum NDIS version': e.versions.max,
    'obsolete for NDIS 6': e.versions.obsoleteForNdis6,
    replacement: e.versions.replacement,
    'indicated by': e.indicatedBy,
    requirements: e.musts,
    family: e.family,
  };
}

export function catalogueProblems(pages: readonly PageFacts[], catalogue: readonly StatusCatalogueEntry[], facts: CollectedFacts): string[] {
  const out: string[] = [];
  const byName = new Map(catalogue.map((e) => [e.name, e]));
  const pageNames = new Set(pages.map((p) => p.name));
  for (const p of pages) if (!byName.has(p.name)) out.push(`${p.page} documents ${p.name}, which has no catalogue entry`);
  for (const e of catalogue) if (!pageNames.has(e.name)) out.push(`catalogue entry ${e.name} has no page (it cites ${e.page})`);
  let fresh: StatusCatalogueEntry[];
  try {
    fresh = buildEntries(pages, facts);
  } catch (err) {
    return [...out, `the pages no longer build: ${(err as Error).message}`];
  }
  for (const f of fresh) {
    const e = byName.get(f.name);
    if (!e) continue;
    if (e.page !== f.page) out.push(`${f.name}: the catalogue cites ${e.page}, the code is documented in ${f.page}`);
    const want = fields(f);
    const have = fields(e);
    for (const k of Object.keys(want)) {
      if (show(want[k]) !== show(have[k])) out.push(`${f.name} (${f.page}): ${k} is ${show(want[k])} on the page, ${show(have[k])} in the catalogue`);
    }
  }
  return out;
}
