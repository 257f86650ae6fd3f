#!/usr/bin/env bash
# End-to-end tests of the packaged extension in a real VS Code workbench (issue 6).
# Called by scripts/run-tests.mjs after the unit tests pass; runnable on its own: bash scripts/e2e/run.sh
#
#  1. scripts/e2e/setup.sh installs what is missing (Debian packages, code-server); where a prerequisite
#     cannot be had it says so in one line and this script exits 0, unless CI=true;
#  2. builds and packages the extension (npm run package -> ndis-offload.vsix);
#  3. runs the integration suite in a desktop VS Code when one can be had (one line when not);
#  4. installs the .vsix into a fresh profile and extensions folder, copies the fixture workspace afresh,
#     starts code-server on 127.0.0.1 (free port) in its own process group;
#  5. runs the Playwright scenario (test/e2e/workbench.e2e.js) and the extension-host suite
#     (test/e2e/ext-host.e2e.js); kills the process group on exit; exits non-zero on any failure.
#
# Environment: NDIS_E2E_WORK (scratch folder, default test/e2e/work), NDIS_E2E_CACHE (see setup.sh),
# NDIS_E2E_DOCS_IMAGES=1 (copy the scenario's screenshots to docs/images/), NDIS_E2E_NO_PACKAGE=1
# (reuse an existing ndis-offload.vsix and dist/), NDIS_E2E_ONLY=ui|ext-host (run only one of the two
# workbench programs, not the desktop run), NDIS_E2E_VSIX + NDIS_E2E_EXT_DEV (try the harness on another
# build: the .vsix to install and the unpacked extension the extension-host suite runs against).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
T0=$SECONDS
say() { echo "e2e: $*"; }
secs() { echo "$((SECONDS - $1))s"; }

# ---- 1. prerequisites ------------------------------------------------------------------------
t=$SECONDS
set +e
SETUP_ENV=$(bash scripts/e2e/setup.sh --print-env)
rc=$?
set -e
# The tests that drive a browser (test/browser/), now that the set-up has installed it (or said why not:
# then they skip, except under CI=true).
run_browser_tests() {
  [ "${NDIS_TESTS_COMPILED:-}" = 1 ] || npx tsc -p . || return 1
  local files=(out/test/browser/*.test.js)
  [ -e "${files[0]}" ] || return 0
  node --test "${files[@]}"
}
if [ "$rc" = 78 ]; then
  # setup.sh printed the one line saying why; the desktop integration run may still be possible
  run_browser_tests </dev/null || { say "FAILED: browser tests (test/browser)"; exit 1; }
  [ -f dist/client.js ] || npm run -s build </dev/null || exit 1
  [ -n "${NDIS_E2E_VSIX:-}" ] || exec node test/integration/runDesktop.js
  exit 0
fi
[ "$rc" = 0 ] || { say "setup failed (exit $rc)"; exit 1; }
eval "$SETUP_ENV"                             # CODE_SERVER, CHROMIUM_PATH, CS_VERSION
export CHROMIUM_PATH
say "setup: $(secs $t)"
t=$SECONDS
run_browser_tests </dev/null || { say "FAILED: browser tests (test/browser)"; exit 1; }
say "browser tests: $(secs $t)"

W=${NDIS_E2E_WORK:-$ROOT/test/e2e/work}
OUT=${NDIS_E2E_OUT:-$ROOT/test-output/e2e}
mkdir -p "$W" "$OUT"
W=$(cd "$W" && pwd); OUT=$(cd "$OUT" && pwd)
rm -rf "${OUT:?}"/*

# ---- 2. build and package --------------------------------------------------------------------
t=$SECONDS
VSIX=${NDIS_E2E_VSIX:-$ROOT/ndis-offload.vsix}
if [ -z "${NDIS_E2E_VSIX:-}" ] && { [ "${NDIS_E2E_NO_PACKAGE:-}" != 1 ] || [ ! -f "$VSIX" ]; }; then
  rm -f "$VSIX"
  if ! npm run -s package </dev/null > "$OUT/package.log" 2>&1; then
    tail -40 "$OUT/package.log"; say "FAILED: npm run package (log: $OUT/package.log)"; exit 1
  fi
fi
[ -f "$VSIX" ] || { say "FAILED: npm run package produced no $VSIX"; exit 1; }
say "build + package: $(secs $t) ($(du -h "$VSIX" | cut -f1) vsix)"

rc=0
fail() { say "FAILED: $*"; rc=1; }

# ---- 3. the integration suite in a desktop VS Code, where one can be had ----------------------
if [ -z "${NDIS_E2E_ONLY:-}" ] && [ -z "${NDIS_E2E_VSIX:-}" ]; then
  t=$SECONDS
  timeout 600 node test/integration/runDesktop.js || fail "integration suite in desktop VS Code"
  say "desktop integration: $(secs $t)"
fi

# ---- 4. fresh profile, extension from the .vsix, fresh workspaces, code-server -----------------
R="$W/run"
rm -rf "$R"; mkdir -p "$R/data/User" "$R/extensions" "$R/tmp" "$R/xdg/data" "$R/xdg/config" "$R/xdg/cache" "$R/xdg/state"
# keep code-server, chromium and the extension host out of $HOME
export TMPDIR="$R/tmp" XDG_DATA_HOME="$R/xdg/data" XDG_CONFIG_HOME="$R/xdg/config" \
       XDG_CACHE_HOME="$R/xdg/cache" XDG_STATE_HOME="$R/xdg/state"
# one folder per browser session: the web workbench restores unsaved edits per folder
cp -r test/fixtures/workspace "$R/ws-ui"
cp -r test/fixtures/workspace "$R/ws-ext"
cp -r examples "$R/ws-first-run"               # what npm start opens (the scenario's first step)
# quiet, unblocked workbench: no startup editor, telemetry, updates, recommendations, autosave or hot exit
cp scripts/e2e/profile-settings.json "$R/data/User/settings.json"
PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" > "$R/config.yaml"   # leaves ~/.config/code-server alone
CS=("$CODE_SERVER" --config "$R/config.yaml" --user-data-dir "$R/data" --extensions-dir "$R/extensions")

t=$SECONDS
"${CS[@]}" --install-extension "$VSIX" > "$OUT/install-extension.log" 2>&1 \
  || { cat "$OUT/install-extension.log"; say "FAILED: installing $VSIX into code-server"; exit 1; }
ls -d "$R/extensions"/ndis-offload.ndis-offload-* >/dev/null 2>&1 \
  || { cat "$OUT/install-extension.log"; say "FAILED: $VSIX did not install into $R/extensions"; exit 1; }
say "install .vsix: $(secs $t)"

t=$SECONDS
# its own process group (setsid): code-server's helpers (extension host, pty host, file watcher) outlive a kill of its main pid
setsid "${CS[@]}" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override \
  > "$OUT/code-server.log" 2>&1 < /dev/null &
CS_PID=$!
stop_code_server() {
  kill -TERM -- "-$CS_PID" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 -- "-$CS_PID" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$CS_PID" 2>/dev/null || true
}
trap stop_code_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
ready=0
for _ in $(seq 1 600); do
  kill -0 "$CS_PID" 2>/dev/null || break
  if curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"; then ready=1; break; fi
  sleep 0.1
done
if [ "$ready" != 1 ]; then tail -30 "$OUT/code-server.log"; say "FAILED: code-server did not come up on 127.0.0.1:$PORT"; exit 1; fi
say "code-server $CS_VERSION listening on 127.0.0.1:$PORT after $(secs $t)"

# ---- 5. the scenario and the extension-host suite --------------------------------------------
export NDIS_E2E_URL="http://127.0.0.1:$PORT" NDIS_E2E_OUT="$OUT" NDIS_E2E_ROOT="$ROOT"
if [ -z "${NDIS_E2E_ONLY:-}" ] || [ "${NDIS_E2E_ONLY}" = ui ]; then
  t=$SECONDS
  NDIS_E2E_WS="$R/ws-ui" NDIS_E2E_FIRST_RUN_WS="$R/ws-first-run" timeout 480 node test/e2e/workbench.e2e.js || fail "workbench scenario (test/e2e/workbench.e2e.js)"
  say "workbench scenario: $(secs $t)"
fi
if [ -z "${NDIS_E2E_ONLY:-}" ] || [ "${NDIS_E2E_ONLY}" = ext-host ]; then
  t=$SECONDS
  NDIS_E2E_WS="$R/ws-ext" timeout 300 node test/e2e/ext-host.e2e.js || fail "integration suite in the workbench's extension host (test/e2e/ext-host.e2e.js)"
  say "extension-host suite: $(secs $t)"
fi

if [ "$rc" = 0 ]; then say "PASSED in $(secs $T0) (screenshots and logs: $OUT)"
else say "FAILED in $(secs $T0) (screenshots and logs: $OUT)"; fi
exit $rc
