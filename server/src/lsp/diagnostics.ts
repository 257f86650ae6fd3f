// Findings as LSP diagnostics: rule id in `code`, its page in `codeDescription`,
// the path in relatedInformation and in `data`.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver/node';
import type { Finding } from '../analysis/analyze';
import { ruleDocPath, type Severity } from '../rules/registry';

export const SOURCE = 'NDIS Offload';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The extension (or package) root: the bundle lives in dist/, sources in server/src/lsp. */
export function packageRoot(): string {
  const here = __dirname;
  return path.basename(here) === 'dist' ? path.dirname(here) : path.resolve(here, '..', '..', '..', ...(here.includes(`${path.sep}out${path.sep}`) ? ['..'] : []));
}

export function ruleDocUri(rule: string): string {
  return pathToFileURL(path.join(packageRoot(), ruleDocPath(rule))).toString();
}

export function toDiagnostic(f: Finding): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.rule,
    codeDescription: { href: ruleDocUri(f.rule) },
    source: SOURCE,
    message: f.message,
    relatedInformation: f.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message })),
    tags: f.deprecated ? [DiagnosticTag.Deprecated] : undefined,
    data: f.data,
  };
}
