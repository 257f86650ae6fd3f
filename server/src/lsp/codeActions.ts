// Quick fixes from what each diagnostic carries in `data`, plus suppressions.
// (Replaying a finding's path is a code lens, not a quick fix: it changes no code.)
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import type { DiagnosticData } from '../shared/messages';
import { SOURCE } from './diagnostics';

function isData(x: unknown): x is DiagnosticData {
  return !!x && typeof x === 'object' && typeof (x as DiagnosticData).rule === 'string';
}

export function codeActions(params: CodeActionParams, lineText: (line: number) => string): CodeAction[] {
  const out: CodeAction[] = [];
  const uri = params.textDocument.uri;
  for (const d of params.context.diagnostics) {
    if (d.source !== SOURCE || !isData(d.data)) continue;
    const data = d.data;
    for (const fix of data.fixes ?? []) {
      out.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: {
          changes: {
            [fix.range.start.uri]: [
              {
                range: { start: { line: fix.range.start.line, character: fix.range.start.character }, end: { line: fix.range.end.line, character: fix.range.end.character } },
                newText: fix.newText,
              },
            ],
          },
        },
      });
    }
    out.push(suppress(uri, d, data.rule, lineText(d.range.start.line)));
  }
  return out;
}

function suppress(uri: string, d: Diagnostic, rule: string, line: string): CodeAction {
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  return {
    title: `Suppress ${rule} on this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: {
      changes: {
        [uri]: [{ range: { start: { line: d.range.start.line, character: 0 }, end: { line: d.range.start.line, character: 0 } }, newText: `${indent}// ndis-offload-disable-next-line ${rule}\n` }],
      },
    },
  };
}
