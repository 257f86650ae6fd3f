// Findings as LSP diagnostics: rule id in `code`, its page in `codeDescription`,
// the path in relatedInformation and, with the quick fixes, in `data`.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver/node';
import type { Finding, Severity } from '../analysis/findings';
import { packageRoot } from '../io/packageRoot';
import { ruleDocPath } from '../rules/registry';
import type { DiagnosticData } from '../shared/messages';

export const SOURCE = 'NDIS Offload';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function ruleDocUri(rule: string): string {
  return pathToFileURL(path.join(packageRoot(), ruleDocPath(rule))).toString();
}

/** What the diagnostic carries for quick fixes and replay, as plain data. */
export function diagnosticData(f: Finding): DiagnosticData {
  const data: DiagnosticData = {
    rule: f.rule,
    trace: f.steps.map((s) => ({ message: s.message, at: { uri: s.uri, ...s.range.start }, ...(s.state ? { state: s.state } : {}), ...(s.event ? { event: s.event } : {}) })),
  };
  if (f.fixes.length) data.fixes = f.fixes.map((x) => ({ title: x.title, range: { start: { uri: x.uri, ...x.range.start }, end: { uri: x.uri, ...x.range.end } }, newText: x.newText }));
  return data;
}

export function toDiagnostic(f: Finding): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.rule,
    codeDescription: { href: ruleDocUri(f.rule) },
    source: SOURCE,
    message: f.message,
    relatedInformation: f.steps.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message })),
    tags: f.deprecated ? [DiagnosticTag.Deprecated] : undefined,
    data: diagnosticData(f),
  };
}
