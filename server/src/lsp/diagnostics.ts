// Findings as LSP diagnostics: rule id in `code`, its page in `codeDescription`,
// the path in relatedInformation and, with the quick fixes, in `data`.
import { readFileSync } from 'node:fs';
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

let repository: string | null | undefined;

/** The project's page on the web, from package.json's `repository` (read once); null when there is none. */
function repositoryUrl(): string | null {
  if (repository !== undefined) return repository;
  try {
    const pkg = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { repository?: string | { url?: string } };
    const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
    repository = url && /^https:\/\//.test(url) ? url.replace(/\.git$/, '') : null;
  } catch {
    repository = null; // no manifest beside the bundle: the packaged page is the link
  }
  return repository;
}

/**
 * The rule's page as a diagnostic links it: the rendered, read-only page in the repository on
 * the web (the Markdown file inside the install folder would open as an editable text file).
 */
export function ruleDocUri(rule: string): string {
  const repo = repositoryUrl();
  return repo ? `${repo}/blob/main/${ruleDocPath(rule)}` : pathToFileURL(path.join(packageRoot(), ruleDocPath(rule))).toString();
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
