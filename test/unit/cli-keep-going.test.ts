// The command line keeps going: a path that cannot be read (permission denied, a dangling link, a link
// loop, an unreadable subfolder) is named on stderr with its reason and the rest is analysed; exit 2 only
// when nothing could be read. Links out of the scanned folder are not followed unless
// --follow-external-links; folders of build output are skipped by name (--skip-folders).
//
// Permission denied: root reads a chmod 000 file anyway, and the tests run as root on the project's
// machines. So the read error is produced by mocking fs.openSync / fs.readdirSync for one path in an
// in-process run of main(); where the tests do not run as root, a real chmod 000 file is checked too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
// the module object itself (an `import * as` binding is a read-only copy that mock.method cannot patch)
import nodeFs = require('node:fs');
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { main } from '../../server/src/cli/main';
import { cFiles, inSkippedFolder, type PathProblem } from '../../server/src/io/workspaceFiles';
import { readSettings } from '../../server/src/lsp/settings';

const ROOT = resolve(__dirname, '../../..');
const FAILING = fs.readFileSync(join(ROOT, 'test/fixtures/rules/indication-status-code/fail-success-assigned.c'), 'utf8');
const RULE = 'indication/status-code';

interface Run {
  code: number;
  out: string;
  err: string[];
}
async function run(args: string[], cwd: string): Promise<Run> {
  let out = '';
  const err: string[] = [];
  const code = await main(args, (s) => (out += s), (s) => err.push(s), cwd);
  return { code, out, err };
}
const show = (r: Run) => `exit ${r.code}\nstdout:\n${r.out}\nstderr:\n${r.err.join('\n')}`;
/** Files with an indication/status-code finding, from text output. */
const filesWithFinding = (r: Run) => [...new Set(r.out.split('\n').filter((l) => l.includes(` ${RULE}: `)).map((l) => l.split(':')[0]))].sort();

function tree(build: (dir: string) => void): string {
  const dir = fs.mkdtempSync(join(tmpdir(), 'ndis-keep-going-'));
  build(dir);
  return dir;
}
const eaccess = (p: string) => Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: 'EACCES', errno: -13, path: p });

test('a file that cannot be read (permission denied) is named with its reason; the other files are analysed', async (t) => {
  const dir = tree((d) => {
    fs.writeFileSync(join(d, 'a.c'), FAILING);
    fs.writeFileSync(join(d, 'locked.c'), FAILING);
  });
  try {
    const locked = join(dir, 'locked.c');
    const open = fs.openSync;
    t.mock.method(nodeFs, 'openSync', (p: fs.PathLike, ...rest: unknown[]) => {
      if (String(p) === locked) throw eaccess(String(p));
      return (open as (...a: unknown[]) => number)(p, ...rest);
    });
    for (const args of [['.'], ['a.c', 'locked.c']]) {
      const r = await run(args, dir);
      assert.equal(r.code, 1, show(r));
      assert.deepEqual(filesWithFinding(r), ['a.c'], show(r));
      assert.deepEqual(r.err, ["ndis-offload-lint: cannot read 'locked.c': permission denied"], show(r));
    }
    const alone = await run(['locked.c'], dir);
    assert.equal(alone.code, 2, show(alone));
    assert.equal(alone.out, '');
    assert.deepEqual(alone.err, ["ndis-offload-lint: cannot read 'locked.c': permission denied", 'ndis-offload-lint: none of the paths given could be read']);
    t.mock.restoreAll();

    if (process.getuid?.() !== 0) {
      // not root: a real chmod 000 file gives the same message
      fs.chmodSync(locked, 0o000);
      const real = await run(['.'], dir);
      fs.chmodSync(locked, 0o644);
      assert.deepEqual(real.err, ["ndis-offload-lint: cannot read 'locked.c': permission denied"], show(real));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an unreadable subfolder is named with its reason; the rest of the folder is analysed', async (t) => {
  const dir = tree((d) => {
    fs.mkdirSync(join(d, 'src'));
    fs.mkdirSync(join(d, 'secret'));
    fs.writeFileSync(join(d, 'src', 'a.c'), FAILING);
    fs.writeFileSync(join(d, 'secret', 'b.c'), FAILING);
  });
  try {
    const secret = join(dir, 'secret');
    const readdir = fs.readdirSync;
    t.mock.method(nodeFs, 'readdirSync', (p: fs.PathLike, ...rest: unknown[]) => {
      if (String(p) === secret) throw eaccess(String(p));
      return (readdir as (...a: unknown[]) => unknown)(p, ...rest);
    });
    const r = await run(['.'], dir);
    assert.equal(r.code, 1, show(r));
    assert.deepEqual(filesWithFinding(r), [join('src', 'a.c')], show(r));
    assert.deepEqual(r.err, ["ndis-offload-lint: cannot read 'secret': permission denied"], show(r));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a dangling link and a link loop given as arguments are named with the right reason; the rest is analysed', async () => {
  const dir = tree((d) => {
    fs.writeFileSync(join(d, 'a.c'), FAILING);
    fs.symlinkSync(join(d, 'gone.c'), join(d, 'dangling.c'));
    fs.symlinkSync(join(d, 'loop2.c'), join(d, 'loop1.c'));
    fs.symlinkSync(join(d, 'loop1.c'), join(d, 'loop2.c'));
  });
  try {
    const r = await run(['a.c', 'dangling.c', 'loop1.c'], dir);
    assert.equal(r.code, 1, show(r));
    assert.deepEqual(filesWithFinding(r), ['a.c']);
    assert.deepEqual(r.err, [
      `ndis-offload-lint: cannot read 'dangling.c': dangling link (its target '${join(dir, 'gone.c')}' does not exist)`,
      "ndis-offload-lint: cannot read 'loop1.c': link loop (the link leads back to itself)",
    ]);
    // inside a folder the same links are named, and the folder's good file analysed
    const folder = await run(['.'], dir);
    assert.equal(folder.code, 1, show(folder));
    assert.deepEqual(filesWithFinding(folder), ['a.c']);
    assert.equal(folder.err.length, 3, show(folder));
    assert.ok(folder.err.some((e) => e.includes("'dangling.c': dangling link")), show(folder));
    assert.ok(folder.err.some((e) => e.includes("'loop1.c': link loop")), show(folder));

    const nothing = await run(['dangling.c', 'loop2.c', 'missing.c'], dir);
    assert.equal(nothing.code, 2, show(nothing));
    assert.equal(nothing.err.length, 4, show(nothing));
    assert.match(nothing.err[2], /'missing\.c': no such file or folder$/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('links out of the scanned folder are not followed (said on stderr) unless --follow-external-links; links inside are', async () => {
  const outside = tree((d) => {
    fs.mkdirSync(join(d, 'lib'));
    fs.writeFileSync(join(d, 'lib', 'shared.c'), FAILING);
    fs.writeFileSync(join(d, 'one.c'), FAILING);
  });
  const dir = tree((d) => {
    fs.mkdirSync(join(d, 'src'));
    fs.writeFileSync(join(d, 'src', 'a.c'), FAILING);
    fs.symlinkSync(join(outside, 'lib'), join(d, 'lib'));
    fs.symlinkSync(join(outside, 'one.c'), join(d, 'one.c'));
    fs.symlinkSync(join(d, 'src'), join(d, 'src-again')); // inside: followed, each file once
    fs.symlinkSync(join(d, 'src', 'a.c'), join(d, 'alias.c'));
  });
  try {
    const r = await run(['.'], dir);
    assert.equal(r.code, 1, show(r));
    assert.deepEqual(filesWithFinding(r), ['alias.c'], 'a.c is read once, through the first name met');
    assert.equal(r.err.length, 2, show(r));
    for (const name of ['lib', 'one.c']) {
      assert.ok(r.err.some((e) => e.startsWith(`ndis-offload-lint: note: skipped '${name}': a link to '${join(outside, name)}', outside`)), show(r));
    }
    const follow = await run(['--follow-external-links', '.'], dir);
    assert.deepEqual(filesWithFinding(follow), ['alias.c', join('lib', 'shared.c'), 'one.c'], show(follow));
    assert.deepEqual(follow.err, []);
    // a link named on the command line is the user's own choice: read
    const named = await run(['one.c'], dir);
    assert.deepEqual(filesWithFinding(named), ['one.c'], show(named));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test('build-output folders are skipped by default; --skip-folders replaces the list, --skip-folders= enters every folder', async () => {
  const dir = tree((d) => {
    for (const sub of ['src', 'out', 'x64', 'build']) {
      fs.mkdirSync(join(d, sub));
      fs.writeFileSync(join(d, sub, `${sub}.c`), FAILING);
    }
  });
  try {
    const def = await run(['.'], dir);
    assert.deepEqual(filesWithFinding(def), [join('build', 'build.c'), join('src', 'src.c')]);
    const mine = await run(['--skip-folders', 'build,out', '.'], dir);
    assert.deepEqual(filesWithFinding(mine), [join('src', 'src.c'), join('x64', 'x64.c')]);
    const all = await run(['--skip-folders=', '.'], dir);
    assert.deepEqual(filesWithFinding(all), [join('build', 'build.c'), join('out', 'out.c'), join('src', 'src.c'), join('x64', 'x64.c')]);
    // the folder named on the command line is entered even when its name is on the list
    const named = await run(['out'], dir);
    assert.deepEqual(filesWithFinding(named), [join('out', 'out.c')]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the editor's workspace scan walks the same way, from its settings (ndisOffload.skipFolders, ndisOffload.followExternalLinks)", () => {
  const outside = tree((d) => fs.writeFileSync(join(d, 'ext.c'), FAILING));
  const dir = tree((d) => {
    fs.mkdirSync(join(d, 'Debug'));
    fs.writeFileSync(join(d, 'Debug', 'gen.c'), FAILING);
    fs.writeFileSync(join(d, 'a.c'), FAILING);
    fs.symlinkSync(join(outside, 'ext.c'), join(d, 'ext.c'));
  });
  try {
    const walk = (raw: unknown) => {
      const s = readSettings(raw);
      const problems: PathProblem[] = [];
      const files = [...cFiles(dir, { skipFolders: s.skipFolders, followExternalLinks: s.followExternalLinks, onProblem: (p) => problems.push(p) })];
      return { files: files.map((f) => f.slice(dir.length + 1)).sort(), problems: problems.map((p) => `${p.kind} ${p.path.slice(dir.length + 1)}`) };
    };
    assert.deepEqual(walk({}), { files: ['a.c'], problems: ['skipped ext.c'] });
    assert.deepEqual(walk({ skipFolders: [], followExternalLinks: true }), { files: ['Debug/gen.c', 'a.c', 'ext.c'].map((f) => f.split('/').join(sep)), problems: [] });
    // file events (which do not go through the walk) are kept out of skipped folders the same way
    assert.equal(inSkippedFolder(dir, join(dir, 'Debug', 'gen.c')), true);
    assert.equal(inSkippedFolder(dir, join(dir, 'a.c')), false);
    assert.equal(inSkippedFolder(dir, join(dir, 'Debug', 'gen.c'), []), false);
    assert.equal(inSkippedFolder(join(dir, 'Debug'), join(dir, 'Debug', 'gen.c')), false, 'the workspace folder itself may have a skipped name');
    assert.equal(inSkippedFolder(dir, join(outside, 'Debug', 'x.c')), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test('near the heap limit reading stops with a message naming the limit and how to raise it; the files read are reported, exit 2', async (t) => {
  const dir = tree((d) => {
    for (const n of ['a', 'b', 'c', 'd']) fs.writeFileSync(join(d, `${n}.c`), FAILING);
  });
  // The heap fills as files are read: the third look finds it at 70% of a 1,000 MiB limit.
  const v8 = require('node:v8') as typeof import('node:v8');
  let looks = 0;
  const real = v8.getHeapStatistics();
  t.mock.method(v8, 'getHeapStatistics', () => ({ ...real, heap_size_limit: 1000 * 2 ** 20, used_heap_size: ++looks >= 3 ? 700 * 2 ** 20 : 100 * 2 ** 20 }));
  const r = await run(['.'], dir);
  assert.equal(r.code, 2, show(r));
  // The two files read (in the walk's order) are reported; the two left unread are not.
  assert.equal(filesWithFinding(r).length, 2, show(r));
  assert.ok(
    r.err.some((l) => l.startsWith('ndis-offload-lint: stopped reading after 2 file(s), 2 left unread: the JavaScript heap held 700 MiB of its 1000 MiB limit.') && l.includes('NODE_OPTIONS=--max-old-space-size=')),
    show(r),
  );
});

test('worker threads (--jobs 2) give the report one thread gives, notes and --stats included', async () => {
  const dir = resolve(ROOT, 'test/fixtures/rules');
  const one = await run(['--format', 'json', '--stats', '--jobs', '1', '.'], dir);
  const two = await run(['--format', 'json', '--stats', '--jobs', '2', '.'], dir);
  assert.ok(JSON.parse(one.out).length > 50, show(one));
  assert.equal(two.code, one.code);
  assert.equal(two.out, one.out);
  assert.deepEqual(two.err, one.err);
});
