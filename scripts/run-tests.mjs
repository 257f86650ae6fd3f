// Runs every compiled test file under out/test with node's test runner.
// (Node 20's --test does not expand globs, so the files are listed here.)
// The tests that drive a browser (out/test/browser) run after the step that installs it: inside
// scripts/e2e/run.sh, right after its set-up; with NDIS_SKIP_E2E=1, right after the unit tests.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name === 'integration' || name === 'e2e' || name === 'browser') continue; // run by their own scripts, or below
      out = out.concat(collect(p));
    } else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

function browserTests() {
  try {
    return readdirSync('out/test/browser').filter((n) => n.endsWith('.test.js')).map((n) => join('out/test/browser', n)).sort();
  } catch {
    return [];
  }
}

const files = collect('out/test').sort();
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
let code = r.status ?? 1;
if (code === 0 && process.env.NDIS_SKIP_E2E === '1') {
  if (browserTests().length === 0) process.exit(code);
  const b = spawnSync(process.execPath, ['--test', ...browserTests()], { stdio: 'inherit' });
  code = b.status ?? 1;
} else if (code === 0) {
  // The end-to-end part runs after the unit tests, from its own script (which runs the browser tests after its set-up).
  const e = spawnSync('bash', ['scripts/e2e/run.sh'], { stdio: 'inherit', env: { ...process.env, NDIS_TESTS_COMPILED: '1' } });
  code = e.status ?? 1;
}
process.exit(code);
