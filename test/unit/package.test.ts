// The .vsix as users get it: `npm run package` in a copy of the repository (so the dist/ the other tests
// run is left alone), then its file list, its size budget and its manifest. What the package holds is
// decided by .vscodeignore and esbuild.mjs --production; this test says what it must be.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { RULES, ruleDocPath } from '../../server/src/rules/registry';
import { REPOSITORY_URL } from '../../server/src/shared/product';
import { zipEntries, type ZipEntry } from '../helpers/zip';

const ROOT = resolve(__dirname, '../../..');
const BUDGET_BYTES = 2 * 1024 * 1024; // the .vsix
// What it installs: the C++ grammar's wasm alone is 3.4 MB (it compresses to 0.3 MB in the .vsix).
const UNPACKED_BUDGET_BYTES = 6 * 1024 * 1024;
// Left out of the copy: what is built, installed or produced by runs (node_modules is linked instead).
const NOT_COPIED = new Set(['node_modules', '.git', 'out', 'dist', 'test-output', '.vscode-test', 'ndis-offload.vsix']);

let built: { entries: ZipEntry[]; bytes: number } | undefined;
function buildPackage(): { entries: ZipEntry[]; bytes: number } {
  if (built) return built;
  const stage = mkdtempSync(join(tmpdir(), 'ndis-package-'));
  try {
    cpSync(ROOT, stage, {
      recursive: true,
      filter: (src) => {
        const rel = relative(ROOT, src);
        return !NOT_COPIED.has(rel.split(sep)[0]) && !rel.startsWith(join('test', 'e2e', 'work'));
      },
    });
    symlinkSync(join(ROOT, 'node_modules'), join(stage, 'node_modules'), 'dir');
    const r = spawnSync('npm', ['run', '-s', 'package'], { cwd: stage, encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(r.status, 0, `npm run package failed:\n${r.stdout}\n${r.stderr}`);
    const vsix = readFileSync(join(stage, 'ndis-offload.vsix'));
    built = { entries: zipEntries(vsix), bytes: vsix.length };
    return built;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

test('the package holds exactly what the extension runs and shows', () => {
  const { entries } = buildPackage();
  // the simulator page, and the codicon font its toolbar uses (esbuild.mjs copies both)
  const webview = [...readdirSync(join(ROOT, 'client', 'webview')), 'codicon.css', 'codicon.ttf'].map((f) => `dist/webview/${f}`);
  const expected = [
    '[Content_Types].xml',
    'extension.vsixmanifest',
    ...[
      'package.json',
      'readme.md',
      'LICENSE.txt',
      'client/media/icon.png',
      'dist/client.js',
      'dist/server.js',
      'dist/tree-sitter.wasm',
      'dist/tree-sitter-c.wasm',
      'dist/tree-sitter-cpp.wasm',
      ...webview,
      ...RULES.map((r) => ruleDocPath(r.id)),
      'snippets/ndis-offload.code-snippets',
      'syntaxes/ndis-offload.injection.tmLanguage.json',
      'server/src/simulator/offload-scenario.schema.json',
    ].map((f) => `extension/${f}`),
  ].sort();
  assert.deepEqual(entries.map((e) => e.name).sort(), expected);
  // what the manifest points at is in it
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; icon: string; contributes: { grammars: { path: string }[]; snippets: { path: string }[]; jsonValidation: { url: string }[] } };
  for (const p of [pkg.main, pkg.icon, ...pkg.contributes.grammars.map((g) => g.path), ...pkg.contributes.snippets.map((s) => s.path), ...pkg.contributes.jsonValidation.map((j) => j.url)]) {
    assert.ok(expected.includes(`extension/${p.replace(/^\.\//, '')}`), `package.json names ${p}, which is not packaged`);
  }
});

test('the package stays under its size budget, and its bundles are minified without source maps', () => {
  const { entries, bytes } = buildPackage();
  assert.ok(bytes < BUDGET_BYTES, `the .vsix is ${bytes} bytes, over the ${BUDGET_BYTES}-byte budget`);
  const unpacked = entries.reduce((n, e) => n + e.size, 0);
  assert.ok(unpacked < UNPACKED_BUDGET_BYTES, `the .vsix unpacks to ${unpacked} bytes, over ${UNPACKED_BUDGET_BYTES}`);
  for (const e of entries.filter((x) => x.name.endsWith('.js') && x.name.startsWith('extension/dist/'))) {
    const js = e.read().toString('utf8');
    assert.doesNotMatch(js, /sourceMappingURL/, `${e.name} points at a source map`);
    const perLine = js.length / js.split('\n').length; // minified: long lines (template strings keep a few line ends)
    if (!e.name.includes('/webview/')) assert.ok(perLine > 1000, `${e.name} is not minified (${Math.round(perLine)} characters a line)`);
  }
});

test("the manifest: icon (a 128x128 PNG), keywords, gallery banner, engines; the README's links point to the repository", () => {
  const { entries } = buildPackage();
  const file = (name: string) => entries.find((e) => e.name === `extension/${name}`)!.read();
  const manifest = JSON.parse(file('package.json').toString('utf8')) as {
    icon: string;
    keywords: string[];
    galleryBanner: { color: string; theme: string };
    engines: { vscode: string; node: string };
    repository: { url: string };
  };
  const png = file(manifest.icon);
  assert.equal(png.toString('latin1', 1, 4), 'PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], 'the icon is 128x128');
  for (const k of ['NDIS', 'WDK', 'driver', 'miniport', 'network driver', 'static analysis', 'chimney']) assert.ok(manifest.keywords.includes(k), `keyword ${k} missing`);
  assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
  assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
  // the workbench set-up (code-server) and the tests need Node 20 exactly: the manifest says so
  assert.equal(manifest.engines.node, '20.x');
  assert.match(readFileSync(join(ROOT, 'scripts', 'e2e', 'setup.sh'), 'utf8'), /NODE_MAJOR_REQUIRED=20\b/);
  // vsce made the README's relative links absolute, on the one repository URL (no local images are shipped)
  const readme = file('readme.md').toString('utf8');
  const targets = [...readme.matchAll(/\]\(([^)\s]+)/g)].map((m) => m[1]).filter((u) => !u.startsWith('#'));
  assert.ok(targets.some((u) => u.includes('docs/images/')), 'the README shows pictures');
  for (const u of targets) assert.match(u, /^https?:\/\//, `the packaged README links to a local ${u}`);
  for (const u of targets.filter((x) => x.includes('docs/'))) assert.ok(u.startsWith(`${REPOSITORY_URL}/`), `${u} is not on ${REPOSITORY_URL}`);
  assert.equal(`${REPOSITORY_URL}.git`, manifest.repository.url);
});

test('the repository URL is written once, in package.json (SARIF and the package derive theirs from it)', () => {
  const host = new URL(REPOSITORY_URL).host + new URL(REPOSITORY_URL).pathname;
  const hits: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const rel = relative(ROOT, p);
      if (NOT_COPIED.has(rel.split(sep)[0]) || rel.startsWith(join('test', 'e2e', 'work')) || name === 'package-lock.json') continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|js|mjs|cjs|json|sh|md|yml|yaml)$/.test(name) && readFileSync(p, 'utf8').includes(host)) hits.push(rel);
    }
  };
  walk(ROOT);
  assert.deepEqual(hits, ['package.json']);
  assert.equal(readFileSync(join(ROOT, 'package.json'), 'utf8').split(host).length - 1, 1, 'package.json names the repository more than once');
  assert.ok(existsSync(join(ROOT, '.vscodeignore')));
});
