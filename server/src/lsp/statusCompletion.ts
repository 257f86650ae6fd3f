// Completion of status indication codes where a StatusCode is written
// (`si.StatusCode = `, `p->StatusCode = NDIS_ST`, `.StatusCode = ` in an initializer):
// every documented code, each with the buffer it takes as its detail and its hover as
// documentation. Codes NDIS 6 drivers do not use come last, marked deprecated.
import { CompletionItemKind, CompletionItemTag, InsertTextFormat, type CompletionItem, type Position } from 'vscode-languageserver/node';
import { LineMap } from '../analysis/source';
import { STATUS_CODES } from '../ndis/constants';
import { STATUS_CATALOGUE, type StatusCatalogueEntry } from '../ndis/statusCatalogue';
import { render } from './hoverRender';
import { statusExplanation } from './statusHover';

/** `StatusCode =` (not `==`) then the start of a name, up to the cursor. */
const AFTER_STATUS_CODE = /\bStatusCode\s*=\s*([A-Za-z_]\w*)?$/;

/** The buffer a code takes, in a few words: what the completion list shows beside each code. */
export function bufferDetail(e: StatusCatalogueEntry): string {
  const b = e.buffer;
  switch (b.kind) {
    case 'structure':
      return `StatusBuffer: ${b.type}`;
    case 'value':
      return `StatusBuffer: ${b.type} value`;
    case 'none':
      return 'no StatusBuffer (NULL, 0)';
    case 'wdi-message':
      return 'StatusBuffer: WDI message';
    case 'variable':
      return 'StatusBuffer: medium-specific';
    case 'unknown':
      return 'StatusBuffer: not documented';
  }
}

const FAMILY_ORDER: Record<StatusCatalogueEntry['family'], number> = { general: 0, wwan: 1, wdi: 2 };

function items(typed: string, range: { start: Position; end: Position }): CompletionItem[] {
  const out: CompletionItem[] = [];
  const prefix = typed.toUpperCase();
  const doc = (name: string) => {
    const e = statusExplanation(name);
    return e ? { kind: 'markdown' as const, value: render(name, e, 8) } : undefined;
  };
  for (const e of STATUS_CATALOGUE) {
    if (!e.name.startsWith(prefix)) continue;
    const old = e.versions.obsoleteForNdis6;
    out.push({
      label: e.name,
      kind: CompletionItemKind.Constant,
      detail: old ? `${bufferDetail(e)} · NDIS 5 only` : bufferDetail(e),
      documentation: doc(e.name),
      sortText: `${old ? 9 : FAMILY_ORDER[e.family]}${e.name}`,
      textEdit: { range, newText: e.name },
      insertTextFormat: InsertTextFormat.PlainText,
      ...(old ? { tags: [CompletionItemTag.Deprecated] } : {}),
    });
  }
  // The chimney indications, which the status pages do not list: TCP chimney offload is deprecated.
  for (const s of STATUS_CODES) {
    if (s.kind !== 'chimney-indication' || !s.name.startsWith(prefix)) continue;
    out.push({
      label: s.name,
      kind: CompletionItemKind.Constant,
      detail: s.buffer === 'none' ? 'no StatusBuffer (NULL, 0) · chimney' : 'StatusBuffer: none or NDIS_TCP_CONNECTION_OFFLOAD · chimney',
      documentation: doc(s.name),
      sortText: `8${s.name}`,
      textEdit: { range, newText: s.name },
      tags: [CompletionItemTag.Deprecated],
    });
  }
  return out;
}

/** The status codes to offer at `pos`, or an empty list when the cursor is not after `StatusCode =`. */
export function statusCompletion(text: string | undefined, pos: Position): CompletionItem[] {
  if (text === undefined) return [];
  const lines = new LineMap(text);
  const offset = lines.offset(pos);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const m = AFTER_STATUS_CODE.exec(text.slice(lineStart, offset));
  if (!m) return [];
  const prefix = m[1] ?? '';
  const range = { start: lines.position(offset - prefix.length), end: pos };
  return items(prefix, range);
}
