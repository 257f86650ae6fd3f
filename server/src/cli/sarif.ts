// SARIF 2.1.0 output, with rule metadata from the registry.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding } from '../analysis/findings';
import { RULES, ruleDocPath } from '../rules/registry';
import { packageRoot } from '../io/packageRoot';

const LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

export function toSarif(findings: Finding[], baseDir: string): object {
  const base = pathToFileURL(baseDir.endsWith(path.sep) ? baseDir : baseDir + path.sep).toString();
  const rel = (uri: string) => (uri.startsWith(base) ? uri.slice(base.length) : uri);
  const region = (r: Finding['range']) => ({
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  });
  const location = (uri: string, r: Finding['range']) => {
    const relative = rel(uri);
    return { physicalLocation: { artifactLocation: relative === uri ? { uri } : { uri: relative, uriBaseId: 'SRCROOT' }, region: region(r) } };
  };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ndis-offload-lint',
            informationUri: 'https://example.invalid/ndis-offload',
            semanticVersion: '0.1.0',
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.id.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()),
              shortDescription: { text: r.title },
              helpUri: pathToFileURL(path.join(packageRoot(), ruleDocPath(r.id))).toString(),
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { strength: r.strength, source: r.source },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: base } },
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
