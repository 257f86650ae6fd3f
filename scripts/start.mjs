// `npm start`: try the extension without installing VS Code.
//
// Builds and packages the extension when the .vsix is missing or older than its sources, prints the
// command-line analysis of the bundled sample driver (examples/), installs what the workbench needs
// (scripts/e2e/setup.sh), then serves VS Code's web workbench (code-server) on 127.0.0.1 with the .vsix
// installed in a fresh profile and a fresh copy of examples/ open, with contoso-offload/status.c in the
// editor at its first finding (scripts/e2e/first-run.cjs). Prints the URL and what to try; Ctrl+C stops it.
//
//   npm start                  port 8080, or the next free one
//   npm start -- --port 9000   a given port (also: PORT=9000 npm start)
//   npm start -- --in-place    open examples/ itself instead of a copy (edits you save stay)
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import firstRun from './e2e/first-run.cjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const VSIX = join(ROOT, 'ndis-offload.vsix');
const EXAMPLES = join(ROOT, 'examples');
const WORK = join(ROOT, 'test', 'e2e', 'work', 'start'); // gitignored
const args = process.argv.slice(2);
const argValue = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const inPlace = args.includes('--in-place');

const say = (msg) => console.log(`npm start: ${msg}`);
function die(msg, code = 1) {
  console.error(`npm start: ${msg}`);
  process.exit(code);
}

// ---- 1. build and package when needed ----------------------------------------------------------
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}
const SOURCES = ['client', 'server/src', 'snippets', 'syntaxes', 'docs/rules', 'package.json', 'esbuild.mjs', 'README.md'];
const built = ['dist/client.js', 'dist/server.js', 'dist/cli.js'].every((f) => existsSync(join(ROOT, f)));
const sourcesMtime = Math.max(...SOURCES.map((s) => newestMtime(join(ROOT, s))));
if (!built || !existsSync(VSIX) || statSync(VSIX).mtimeMs < sourcesMtime) {
  say('building and packaging the extension (npm run package)');
  const r = spawnSync('npm', ['run', '-s', 'package'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) die('npm run package failed');
}

// ---- 2. the analysis in the terminal --------------------------------------------------------------
if (existsSync(EXAMPLES)) {
  say('command-line analysis of examples/ (node dist/cli.js examples):');
  console.log('');
  const r = spawnSync(process.execPath, ['dist/cli.js', 'examples'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status === 2 || r.status === null) die('the command-line analysis could not run');
  console.log('');
} else {
  say('no examples/ folder yet: nothing to analyze');
}

// ---- 3. what the workbench needs ------------------------------------------------------------------
const setup = spawnSync('bash', [join(ROOT, 'scripts/e2e/setup.sh'), '--print-env'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
if (setup.status === 78) {
  say('the workbench cannot run on this machine (see the line above); the analysis above is what you get here.');
  say('In VS Code itself: code --install-extension ndis-offload.vsix');
  process.exit(0);
}
if (setup.status !== 0) die(`scripts/e2e/setup.sh failed (exit ${setup.status})`);
const setupEnv = Object.fromEntries(setup.stdout.trim().split('\n').map((l) => {
  const i = l.indexOf('=');
  return [l.slice(0, i), l.slice(i + 1).replace(/\\(.)/g, '$1')]; // undo bash's printf %q escaping
}));
const CODE_SERVER = setupEnv.CODE_SERVER;
if (!CODE_SERVER || !existsSync(CODE_SERVER)) die(`setup.sh named no code-server (${setup.stdout.trim()})`);

// ---- 4. fresh profile, extension, workspace -------------------------------------------------------
const portFree = (port) => new Promise((resolve) => {
  const s = net.createServer().once('error', () => resolve(false)).listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
});
async function choosePort() {
  const wanted = Number(argValue('--port') || process.env.PORT || 0);
  if (wanted) {
    if (!(await portFree(wanted))) die(`port ${wanted} on 127.0.0.1 is in use`);
    return wanted;
  }
  for (let p = 8080; p < 8100; p++) if (await portFree(p)) return p;
  return new Promise((resolve) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); }); });
}
const port = await choosePort();

rmSync(WORK, { recursive: true, force: true });
const dirs = { data: join(WORK, 'data'), ext: join(WORK, 'extensions'), tmp: join(WORK, 'tmp'), xdg: join(WORK, 'xdg') };
for (const d of [join(dirs.data, 'User'), dirs.ext, dirs.tmp, ...['data', 'config', 'cache', 'state'].map((x) => join(dirs.xdg, x))]) mkdirSync(d, { recursive: true });
copyFileSync(join(ROOT, 'scripts/e2e/profile-settings.json'), join(dirs.data, 'User', 'settings.json'));
const config = join(WORK, 'config.yaml');
writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`); // leaves ~/.config/code-server alone
let folder = EXAMPLES;
if (!inPlace) {
  folder = join(WORK, 'examples');
  if (existsSync(EXAMPLES)) cpSync(EXAMPLES, folder, { recursive: true });
  else mkdirSync(folder, { recursive: true });
}
const env = {
  ...process.env,
  TMPDIR: dirs.tmp,
  XDG_DATA_HOME: join(dirs.xdg, 'data'),
  XDG_CONFIG_HOME: join(dirs.xdg, 'config'),
  XDG_CACHE_HOME: join(dirs.xdg, 'cache'),
  XDG_STATE_HOME: join(dirs.xdg, 'state'),
};
const csArgs = ['--config', config, '--user-data-dir', dirs.data, '--extensions-dir', dirs.ext];
const install = spawnSync(CODE_SERVER, [...csArgs, '--install-extension', VSIX], { env, encoding: 'utf8' });
if (install.status !== 0) die(`installing the .vsix into code-server failed:\n${install.stdout}${install.stderr}`);

// ---- 5. serve, in its own process group -----------------------------------------------------------
const logFile = join(WORK, 'code-server.log');
const log = openSync(logFile, 'a');
const child = spawn(CODE_SERVER, [...csArgs, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
  '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'],
{ env, detached: true, stdio: ['ignore', log, log] });

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  if (signal) say('stopping the workbench');
  try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
  const hard = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } process.exit(0); }, 5000);
  hard.unref();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('exit', () => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } });
child.on('exit', (code, signal) => {
  if (stopping) process.exit(0);
  const tail = readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
  die(`code-server stopped by itself (${signal || `exit ${code}`}):\n${tail}`);
});

const healthy = () => new Promise((resolve) => {
  http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => { res.resume(); resolve(res.statusCode === 200); })
    .on('error', () => resolve(false)).on('timeout', function () { this.destroy(); resolve(false); });
});
const deadline = Date.now() + 60_000;
while (!(await healthy())) {
  if (stopping) await new Promise(() => {}); // exiting
  if (Date.now() > deadline) { stop(); die(`code-server did not answer on 127.0.0.1:${port} within 60 s (log: ${logFile})`); }
  await new Promise((r) => setTimeout(r, 200));
}
let at;
try {
  at = firstRun.firstFindingIn(firstRun.sampleFindings(ROOT, folder), folder);
} catch (e) {
  say(`(could not place the caret on the first finding: ${e.message.split('\n')[0]})`);
}
const url = existsSync(join(folder, firstRun.SAMPLE_FILE))
  ? firstRun.firstRunUrl(`http://127.0.0.1:${port}`, folder, at)
  : `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
console.log('');
say(`VS Code (code-server ${setupEnv.CS_VERSION}) with NDIS Offload is ready:`);
console.log(`\n    ${url}\n`);
say(`open it in a browser on this machine; ${inPlace ? 'examples/ itself is open' : 'a fresh copy of examples/ is open (edits there go at the next npm start)'},`);
say(`with ${firstRun.SAMPLE_FILE} in the editor: its findings are underlined and counted in the status bar.`);
console.log(`
  Things to try:
    - hover a squiggle: the finding, its rule, and the steps that led to it
    - Ctrl+Shift+M: the Problems panel, every finding of the sample (offload.c's too)
    - Ctrl+. on a squiggle: its quick fixes (the caret starts on one; in ContosoFailover, on the early return,
      one inserts the missing resume)
    - the "Replay in simulator" lens above ContosoFailover: the failover played step by step
    - Ctrl+Shift+P, "NDIS: Open Offload Simulator": the host stack against an offload target
`);
say('Press Ctrl+C to stop.');
