// The command line's text, JSON and GitHub workflow outputs (SARIF is in sarif.ts).
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../analysis/findings';

/** How a file is named in the output: relative to `cwd` unless absolute paths were asked for. */
export function pathShower(cwd: string, absolute: boolean): (fileOrUri: string) => string {
  return (fileOrUri) => {
    const file = fileOrUri.startsWith('file:') ? fileURLToPath(fileOrUri) : path.resolve(cwd, fileOrUri);
    return absolute ? file : path.relative(cwd, file) || '.';
  };
}

export const countBy = (findings: Finding[], severity: Finding['severity']) => findings.filter((f) => f.severity === severity).length;

/** `file:line:col: severity rule: message` lines (the form the $ndis-offload-lint problem matcher reads), then a summary. */
export function formatText(findings: Finding[], show: (uri: string) => string, showHints: boolean): string {
  const listed = showHints ? findings : findings.filter((f) => f.severity !== 'hint');
  const lines = listed.map((f) => `${show(f.uri)}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.rule}: ${f.message}`);
  const errors = countBy(listed, 'error');
  const warnings = countBy(listed, 'warning');
  const hidden = findings.length - listed.length;
  lines.push(
    `${listed.length} finding(s): ${errors} error(s), ${warnings} warning(s), ${listed.length - errors - warnings} other` +
      (hidden ? `; ${hidden} hint(s) not shown (--show-hints lists them)` : ''),
  );
  return lines.join('\n') + '\n';
}

export function formatJson(findings: Finding[], show: (uri: string) => string): string {
  const list = findings.map((f) => ({
    file: show(f.uri),
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    severity: f.severity,
    rule: f.rule,
    message: f.message,
    related: f.steps.map((r) => ({ file: show(r.uri), line: r.range.start.line + 1, column: r.range.start.character + 1, message: r.message })),
  }));
  return JSON.stringify(list, null, 2) + '\n';
}

// GitHub's workflow commands: data escapes %, CR and LF; property values also : and ,.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const GITHUB_LEVEL = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' } as const;

/** One `::error file=...,line=...::message` workflow command per finding: annotations on the pull request. */
export function formatGithub(findings: Finding[], show: (uri: string) => string, showHints: boolean): string {
  const listed = showHints ? findings : findings.filter((f) => f.severity !== 'hint');
  const lines = listed.map((f) => {
    const props = [
      `file=${escapeProperty(show(f.uri).split(path.sep).join('/'))}`,
      `line=${f.range.start.line + 1}`,
      `col=${f.range.start.character + 1}`,
      `endLine=${f.range.end.line + 1}`,
      `endColumn=${f.range.end.character + 1}`,
      `title=${escapeProperty(`NDIS Offload ${f.rule}`)}`,
    ];
    return `::${GITHUB_LEVEL[f.severity]} ${props.join(',')}::${escapeData(f.message)}`;
  });
  return lines.length ? lines.join('\n') + '\n' : '';
}
