#!/usr/bin/env node
// Maintenance script (not part of `npm test`): runs the command line on real driver trees and
// compares its warnings and errors with test/real-world/FINDINGS.md.
//
//   node scripts/real-world.mjs [--cli dist/cli.js] [--findings FILE] [FOLDER...]
//
// Default folders: every folder in /work/real. A folder's name is the repository name used in the
// FINDINGS.md table (owner+name). Exit status 0 when the set of (repository, file, line, rule) of
// warnings/errors equals the `defect` rows of the table, 1 on any difference, 2 on a usage error.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
let cli = join(root, 'dist', 'cli.js');
let findingsFile = join(root, 'test', 'real-world', 'FINDINGS.md');
const folders = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--cli') cli = resolve(args[++i]);
  else if (args[i] === '--findings') findingsFile = resolve(args[++i]);
  else if (args[i] === '-h' || args[i] === '--help') {
    console.log('usage: node scripts/real-world.mjs [--cli dist/cli.js] [--findings FILE] [FOLDER...]');
    process.exit(0);
  } else folders.push(resolve(args[i]));
}
if (folders.length === 0) {
  const base = '/work/real';
  if (!existsSync(base)) { console.error(`${base} does not exist; fetch the trees first (see test/real-world/README.md)`); process.exit(2); }
  for (const n of readdirSync(base).sort()) if (statSync(join(base, n)).isDirectory()) folders.push(join(base, n));
}
if (!existsSync(cli)) { console.error(`${cli} not found; run npm run build first`); process.exit(2); }

// The table between <!-- findings:begin --> and <!-- findings:end -->.
function readTable(file) {
  const text = readFileSync(file, 'utf8');
  const m = /<!-- findings:begin -->([\s\S]*?)<!-- findings:end -->/.exec(text);
  if (!m) throw new Error(`${file}: no findings table`);
  const rows = [];
  for (const line of m[1].split('\n')) {
    const cells = line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
    if (cells.length !== 5 || cells[0] === 'repository' || /^-+$/.test(cells[0])) continue;
    const [repo, file, lineNo, rule, verdict] = cells;
    if (!['defect', 'false-positive'].includes(verdict)) throw new Error(`${file}: bad verdict "${verdict}"`);
    rows.push({ repo, file, line: Number(lineNo), rule, verdict });
  }
  return rows;
}

const key = (f) => `${f.repo} ${f.file}:${f.line} ${f.rule}`;
const table = readTable(findingsFile);
const repos = new Set(folders.map((f) => basename(f)));
const expected = new Map(table.filter((r) => r.verdict === 'defect' && repos.has(r.repo)).map((r) => [key(r), r]));
const knownFalse = new Map(table.filter((r) => r.verdict === 'false-positive').map((r) => [key(r), r]));

const actual = new Map();
const totals = [];
for (const folder of folders) {
  const repo = basename(folder);
  let out;
  try {
    out = execFileSync(process.execPath, [cli, '--format', 'json', folder], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  } catch (e) {
    // The command line exits 1 when it reports warnings or errors; its output is still complete.
    if (typeof e.stdout !== 'string' || !e.stdout.trim()) { console.error(`${repo}: ${e.message}`); process.exit(2); }
    out = e.stdout;
  }
  const found = JSON.parse(out);
  const count = { repo, error: 0, warning: 0, info: 0, hint: 0, chimney: 0 };
  for (const f of found) {
    count[f.severity] = (count[f.severity] ?? 0) + 1;
    if (f.rule === 'chimney/deprecated') count.chimney++;
    if (f.severity !== 'error' && f.severity !== 'warning') continue;
    const row = { repo, file: relative(folder, f.file).split('\\').join('/'), line: f.line, rule: f.rule, message: f.message };
    actual.set(key(row), row);
  }
  totals.push(count);
}

console.log('repository                                  errors warnings  info  hint  (chimney/deprecated)');
for (const t of totals) console.log(`${t.repo.padEnd(42)} ${String(t.error).padStart(6)} ${String(t.warning).padStart(8)} ${String(t.info).padStart(5)} ${String(t.hint).padStart(5)}  (${t.chimney})`);

const added = [...actual.values()].filter((f) => !expected.has(key(f)));
const missing = [...expected.values()].filter((f) => !actual.has(key(f)));
for (const f of added) {
  const tag = knownFalse.has(key(f)) ? 'known false positive, still reported' : 'new';
  console.log(`${tag}: ${key(f)}\n    ${f.message}`);
}
for (const f of missing) console.log(`missing: ${key(f)} (a defect in FINDINGS.md the analyzer no longer reports)`);
for (const f of knownFalse.values()) if (repos.has(f.repo) && !actual.has(key(f))) console.log(`gone: ${key(f)} (false positive no longer reported; drop its row)`);
const diff = added.length + missing.length;
console.log(diff === 0 ? `OK: ${expected.size} defect(s) reported, nothing else` : `${diff} difference(s)`);
process.exit(diff === 0 ? 0 : 1);
