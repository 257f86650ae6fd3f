// Editor documents that remember the span their last change replaced: the analysis then re-reads the
// text around it without comparing the whole old and new texts on every keystroke.
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { TextDocumentsConfiguration } from 'vscode-languageserver';
import type { Edit } from '../analysis/analyze';

const lastEdits = new WeakMap<TextDocument, { version: number; edit: Edit }>();

/** For `new TextDocuments(...)`: TextDocument's own create and update, with each change's span kept. */
export const editedDocuments: TextDocumentsConfiguration<TextDocument> = {
  create: TextDocument.create,
  update(doc, changes, version) {
    // One range replaced (what typing sends); several changes or a whole new text: the analysis compares.
    const edit = changes.length === 1 ? spanOf(doc, changes[0]) : undefined;
    const next = TextDocument.update(doc, changes, version);
    if (edit) lastEdits.set(next, { version, edit });
    else lastEdits.delete(next);
    return next;
  },
};

/** Offsets in `doc` (before the change) of the range a change replaced; undefined for a whole new text. */
function spanOf(doc: TextDocument, change: TextDocumentContentChangeEvent): Edit | undefined {
  if (!('range' in change)) return undefined;
  const start = doc.offsetAt(change.range.start);
  return { start, oldEnd: doc.offsetAt(change.range.end), newEnd: start + change.text.length };
}

/** The span the change that made the document's current version replaced, when it was one range. */
export function lastEdit(doc: TextDocument): Edit | undefined {
  const e = lastEdits.get(doc);
  return e && e.version === doc.version ? e.edit : undefined;
}
