// Suppression comments and pragmas that silence a rule on a line or a file.
//   // ndis-offload-disable-next-line RULE-ID [RULE-ID ...]
//   // ndis-offload-disable-file RULE-ID [RULE-ID ...]
//   #pragma warning(suppress: RULE-ID) / #pragma prefast(suppress: RULE-ID, "why")
import type { Finding } from './findings';

export interface Suppressions {
  filter(findings: Finding[]): Finding[];
  /** Suppressions that matched nothing in the last filter(): where they are and what they name. */
  unused(): { line: number; start: number; end: number; rules: string[] }[];
}

interface Entry {
  line: number; // the line the suppression applies to (-1 for the whole file)
  at: number; // the line the comment is on
  start: number;
  end: number;
  rules: Set<string>;
  used: Set<string>;
}

const RULE_ID = /[a-z-]+\/[a-z-]+/g;

/** `known`: the rule ids a pragma may name (pragmas naming other ids belong to other tools). */
export function findSuppressions(text: string, known: ReadonlySet<string>): Suppressions {
  const entries: Entry[] = [];
  const lines = text.split('\n');
  const add = (line: number, at: number, m: RegExpExecArray, own: boolean) => {
    const rules = new Set((m[1].match(RULE_ID) ?? []).filter((r) => own || known.has(r)));
    if (rules.size) entries.push({ line, at, start: m.index, end: m.index + m[0].length, rules, used: new Set() });
  };
  lines.forEach((line, i) => {
    let m = /\/\/\s*ndis-offload-disable-next-line\s+(.*)$/.exec(line);
    if (m) add(i + 1, i, m, true);
    m = /\/\/\s*ndis-offload-disable-file\s+(.*)$/.exec(line);
    if (m) add(-1, i, m, true);
    // Pragmas driver developers already write; they count only where they name one of our rules.
    m = /#\s*pragma\s+(?:warning|prefast)\s*\(\s*suppress\s*:\s*([^)]*)\)/.exec(line);
    if (m) add(i + 1, i, m, false);
  });
  return {
    filter(findings) {
      for (const e of entries) e.used.clear();
      if (entries.length === 0) return findings;
      return findings.filter((f) => {
        const hit = entries.find((e) => e.rules.has(f.rule) && (e.line === -1 || e.line === f.range.start.line));
        hit?.used.add(f.rule);
        return !hit;
      });
    },
    unused() {
      return entries.flatMap((e) => {
        const idle = [...e.rules].filter((r) => !e.used.has(r));
        return idle.length ? [{ line: e.at, start: e.start, end: e.end, rules: idle }] : [];
      });
    },
  };
}
