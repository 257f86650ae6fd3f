// Reads fixture cases: a .c file, or a folder of .c/.h files analysed as one
// workspace. Lines ending in `// expect: rule/id[, rule/id]` must carry exactly
// those findings; every other line must carry none.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Expectation {
  uri: string;
  line: number; // 0-based
  rule: string;
}

export interface FixtureCase {
  name: string;
  sources: { uri: string; text: string }[];
  expected: Expectation[];
  /** Lines marked `// trace-step`, in file order (one file per traced case). */
  traceSteps: { uri: string; line: number }[];
}

const EXPECT = /\/\/\s*expect:\s*([a-z\-/, ]+)/;

export function uriOf(path: string): string {
  return pathToFileURL(path).toString();
}

export function expectationsOf(uri: string, text: string): Expectation[] {
  const out: Expectation[] = [];
  text.split('\n').forEach((line, i) => {
    const m = EXPECT.exec(line);
    if (m) for (const rule of m[1].split(',').map((s) => s.trim()).filter(Boolean)) out.push({ uri, line: i, rule });
  });
  return out;
}

function sourcesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.(c|h|cpp)$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Every case under `root` (one per .c file directly in it, one per sub-folder). */
export function loadCases(root: string): FixtureCase[] {
  const cases: FixtureCase[] = [];
  for (const entry of readdirSync(root).sort()) {
    const p = join(root, entry);
    const files = statSync(p).isDirectory() ? sourcesIn(p) : /\.(c|cpp)$/.test(entry) ? [p] : [];
    if (files.length === 0) continue;
    const sources = files.map((f) => ({ uri: uriOf(f), text: readFileSync(f, 'utf8') }));
    cases.push({
      name: relative(process.cwd(), p),
      sources,
      expected: sources.flatMap((s) => expectationsOf(s.uri, s.text)),
      traceSteps: sources.flatMap((s) => s.text.split('\n').flatMap((l, i) => (/\/\/.*\btrace-step\b/.test(l) ? [{ uri: s.uri, line: i }] : []))),
    });
  }
  return cases;
}

export function key(e: Expectation): string {
  return `${e.uri.replace(/^.*\/test\/fixtures\//, '')}:${e.line + 1} ${e.rule}`;
}
