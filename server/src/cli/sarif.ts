// SARIF 2.1.0 output for code-scanning dashboards: rule metadata from the registry with each rule's
// page on the project's public repository, results with paths relative to SRCROOT (the current
// folder), and the invocation (exit code, times, a notification per path not fully analysed).
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding } from '../analysis/findings';
import { RULES, ruleDocPath } from '../rules/registry';
import { PRODUCT_VERSION, REPOSITORY_URL, TOOL_NAME, publicFileUrl } from '../shared/product';
import type { InputProblem } from './inputs';

const LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

/** The notifications the tool can raise about its inputs, by problem kind. */
const NOTIFICATIONS: { kind: InputProblem['kind']; id: string; level: 'error' | 'warning' | 'note'; text: string }[] = [
  { kind: 'unreadable', id: 'input/unreadable', level: 'error', text: 'A path given or found could not be read; it was not analysed.' },
  { kind: 'partial', id: 'input/partly-analysed', level: 'warning', text: 'A file was analysed only in part, or its analysis could not finish.' },
  { kind: 'skipped', id: 'input/skipped', level: 'note', text: 'A path was left out on purpose (binary content, a link out of the scanned folder).' },
  { kind: 'note', id: 'input/note', level: 'note', text: 'Something worth knowing about an input.' },
];

export interface SarifInvocation {
  /** Absolute file URIs instead of URIs relative to SRCROOT (--absolute-paths). */
  absolutePaths?: boolean;
  exitCode: number;
  start: Date;
  end: Date;
  problems: InputProblem[];
}

/** A rule id as a Pascal-case friendly name: indication/status-code -> IndicationStatusCode. */
const friendlyName = (id: string) => id.replace(/(^|[/-])(\w)/g, (_, _sep: string, c: string) => c.toUpperCase());

export function toSarif(findings: Finding[], baseDir: string, invocation: SarifInvocation): object {
  const base = pathToFileURL(baseDir.endsWith(path.sep) ? baseDir : baseDir + path.sep).toString();
  const artifact = (fileOrUri: string) => {
    const uri = fileOrUri.startsWith('file:') ? fileOrUri : pathToFileURL(path.resolve(baseDir, fileOrUri)).toString();
    return !invocation.absolutePaths && uri.startsWith(base) && uri.length > base.length ? { uri: uri.slice(base.length), uriBaseId: 'SRCROOT' } : { uri };
  };
  const region = (r: Finding['range']) => ({
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  });
  const location = (uri: string, r: Finding['range']) => ({ physicalLocation: { artifactLocation: artifact(uri), region: region(r) } });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            informationUri: REPOSITORY_URL,
            version: PRODUCT_VERSION,
            semanticVersion: PRODUCT_VERSION,
            rules: RULES.map((r) => ({
              id: r.id,
              name: friendlyName(r.id),
              shortDescription: { text: r.title },
              helpUri: publicFileUrl(ruleDocPath(r.id)),
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { strength: r.strength, source: r.source },
            })),
            notifications: NOTIFICATIONS.map((n) => ({ id: n.id, shortDescription: { text: n.text }, defaultConfiguration: { level: n.level } })),
          },
        },
        invocations: [
          {
            executionSuccessful: invocation.exitCode !== 2,
            exitCode: invocation.exitCode,
            startTimeUtc: invocation.start.toISOString(),
            endTimeUtc: invocation.end.toISOString(),
            toolExecutionNotifications: invocation.problems.map((q) => {
              const index = NOTIFICATIONS.findIndex((n) => n.kind === q.kind);
              return {
                level: NOTIFICATIONS[index].level,
                message: { text: q.reason },
                descriptor: { id: NOTIFICATIONS[index].id, index },
                locations: [{ physicalLocation: { artifactLocation: artifact(q.path) } }],
              };
            }),
          },
        ],
        originalUriBaseIds: { SRCROOT: { uri: base } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: RULES.findIndex((r) => r.id === f.rule),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [location(f.uri, f.range)],
          relatedLocations: f.steps.map((r, i) => ({ id: i + 1, message: { text: r.message }, ...location(r.uri, r.range) })),
        })),
      },
    ],
  };
}
