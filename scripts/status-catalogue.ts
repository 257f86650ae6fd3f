// npm run catalogue: regenerates server/src/ndis/statusCatalogue.ts from the
// status pages in ../shared/reference/ndis-status-docs and the checked-in facts
// (headerValues.ts, structureFacts.ts, statusSummaries.ts, catalogue/judgements.ts).
// The header facts themselves come from scripts/catalogue/collectHeaderFacts.ts.
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CATALOGUE_FILE, generateCatalogue } from './catalogue/generate';
import { STATUS_DOCS } from './catalogue/buildCatalogue';

const ROOT = resolve(__dirname, '../..');
const docs = join(ROOT, STATUS_DOCS);
if (!existsSync(docs)) {
  console.error(`status pages not found at ${docs}: the catalogue is generated from ../shared next to the repository`);
  process.exit(1);
}
const { text, entries } = generateCatalogue(docs);
writeFileSync(join(ROOT, CATALOGUE_FILE), text);
const withValue = entries.filter((e) => e.value !== undefined).length;
const withHeader = entries.filter((e) => e.header).length;
console.log(`${CATALOGUE_FILE}: ${entries.length} codes, ${withValue} with values, ${withHeader} with NDIS object headers`);
