// Suppression comments and pragmas that silence a rule on a line or a file.
//   // ndis-offload-disable-next-line RULE-ID [RULE-ID ...]
//   // ndis-offload-disable-file RULE-ID [RULE-ID ...]
//   #pragma warning(suppress: RULE-ID) / #pragma prefast(suppress: RULE-ID, "why")
import type { Finding } from './analyze';

export interface Suppressions {
  filter(findings: Finding[]): Finding[];
}

interface Entry {
  line: number; // the line the suppression applies to (-1 for the whole file)
  rules: Set<string>;
}

const RULE_ID = /[a-z-]+\/[a-z-]+/g;

export function findSuppressions(text: string): Suppressions {
  const entries: Entry[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    let m = /\/\/\s*ndis-offload-disable-next-line\s+(.*)$/.exec(line);
    if (m) entries.push({ line: i + 1, rules: new Set(m[1].match(RULE_ID) ?? []) });
    m = /\/\/\s*ndis-offload-disable-file\s+(.*)$/.exec(line);
    if (m) entries.push({ line: -1, rules: new Set(m[1].match(RULE_ID) ?? []) });
    m = /#\s*pragma\s+(?:warning|prefast)\s*\(\s*suppress\s*:\s*([^)]*)\)/.exec(line);
    if (m) entries.push({ line: i + 1, rules: new Set(m[1].match(RULE_ID) ?? []) });
  });
  return {
    filter(findings) {
      if (entries.length === 0) return findings;
      return findings.filter((f) => !entries.some((e) => e.rules.has(f.rule) && (e.line === -1 || e.line === f.range.start.line)));
    },
  };
}
