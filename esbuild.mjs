// Bundles the client, the language server and the command line into dist/,
// with the tree-sitter wasm files beside them (the server loads them from its own folder).
// --production (npm run package) empties dist/ first and writes minified bundles without source maps
// and without the benchmark bundle, so nothing left from a development build reaches the package.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync, existsSync, cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // web-tree-sitter's module build reads import.meta.url; give the CommonJS bundle an equivalent.
  define: { 'import.meta.url': '__import_meta_url' },
};
const metaUrl = "const __import_meta_url = require('url').pathToFileURL(__filename).href;";

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'], banner: { js: metaUrl } },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: { js: metaUrl } },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: `#!/usr/bin/env node\n${metaUrl}` } },
  // The command line's worker threads (cli/parallelRead.ts starts them from beside cli.js).
  { entryPoints: ['server/src/cli/readWorker.ts'], outfile: 'dist/readWorker.js', banner: { js: metaUrl } },
];
if (!production) builds.push({ entryPoints: ['scripts/bench.ts'], outfile: 'dist/bench.js', banner: { js: metaUrl } });

if (production) rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });
copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), 'dist/tree-sitter.wasm');
copyFileSync(require.resolve('tree-sitter-c/tree-sitter-c.wasm'), 'dist/tree-sitter-c.wasm');
copyFileSync(require.resolve('tree-sitter-cpp/tree-sitter-cpp.wasm'), 'dist/tree-sitter-cpp.wasm');
if (existsSync('client/webview')) cpSync('client/webview', 'dist/webview', { recursive: true });
// The toolbar's icons: VS Code's own codicon font, served from the extension like the page's other files.
for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(require.resolve(`@vscode/codicons/dist/${f}`), `dist/webview/${f}`);

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context({ ...common, ...b })));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
  chmodSync('dist/cli.js', 0o755);
}
