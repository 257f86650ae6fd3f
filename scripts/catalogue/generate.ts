// The whole generation, as one pure step from the pages to the file text, so
// that `npm run catalogue` and the catalogue test run exactly the same code.
import type { StatusCatalogueEntry } from '../../server/src/ndis/statusCatalogueTypes';
import { CONSTANT_VALUES, STATUS_VALUES, WINDOWS_TO_NDIS } from '../../server/src/ndis/headerValues';
import { STRUCTURES } from '../../server/src/ndis/structureFacts';
import { STATUS_SUMMARIES } from '../../server/src/ndis/statusSummaries';
import { buildEntries, readAllPages, type CollectedFacts } from './buildCatalogue';
import { renderCatalogue } from './renderCatalogue';
import type { PageFacts } from './readStatusPage';

export const CATALOGUE_FILE = 'server/src/ndis/statusCatalogue.ts';

export const COLLECTED: CollectedFacts = {
  status: STATUS_VALUES,
  constants: CONSTANT_VALUES,
  structures: STRUCTURES,
  windowsToNdis: WINDOWS_TO_NDIS,
  summaries: STATUS_SUMMARIES,
};

export function generateCatalogue(docsDir: string): { pages: PageFacts[]; entries: StatusCatalogueEntry[]; text: string } {
  const pages = readAllPages(docsDir, WINDOWS_TO_NDIS);
  const entries = buildEntries(pages, COLLECTED);
  return { pages, entries, text: renderCatalogue(entries) };
}
