#!/usr/bin/env bash
# Installs what the end-to-end tests need, idempotently, on a fresh Debian machine:
#   - Debian packages: chromium (driven by playwright-core), libkrb5-dev (headers for code-server's
#     'kerberos' native module), ripgrep (seeds @vscode/ripgrep's download, which cannot reach GitHub);
#   - code-server (VS Code's web workbench) from npm, into a cache folder outside the repo's node_modules.
#
# Exit codes: 0 ready; 78 a prerequisite cannot be had here (one line says which) and the end-to-end
# part is to be skipped; 1 an install failed. Under CI=true a missing prerequisite is a failure (1).
#
# Prints, on success, nothing but progress lines on stderr; `setup.sh --print-env` also prints the
# resolved paths as shell assignments on stdout (used by run.sh and start.mjs).
set -euo pipefail

# ---- pinned versions -------------------------------------------------------------------------
CS_VERSION=4.100.3          # newest code-server that runs on Node 20 (VS Code 1.100.3)
NODE_MAJOR_REQUIRED=20      # code-server 4.100.3's postinstall refuses any other Node major
RG_PKG_VERSION=1.15.11      # @vscode/ripgrep pinned by code-server 4.100.3's lib/vscode shrinkwrap
RG_BIN_VERSION=v13.0.0-10   # the ripgrep-prebuilt release that @vscode/ripgrep 1.15.11 downloads
APT_PACKAGES=(chromium libkrb5-dev ripgrep)
SKIP_CODE=78

say() { echo "e2e setup: $*" >&2; }
skip() {
  if [ "${CI:-}" = "true" ]; then say "FAILED (CI=true, the end-to-end tests must run): $*"; exit 1; fi
  echo "end-to-end tests skipped: $*" >&2
  exit "$SKIP_CODE"
}

PRINT_ENV=0
[ "${1:-}" = "--print-env" ] && PRINT_ENV=1

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${NDIS_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ndis-offload-e2e}
CS_DIR="$CACHE/code-server-$CS_VERSION"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}

# ---- 1. Node ---------------------------------------------------------------------------------
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$node_major" = "$NODE_MAJOR_REQUIRED" ] \
  || skip "code-server $CS_VERSION needs Node $NODE_MAJOR_REQUIRED, this is Node $(node -v 2>/dev/null || echo none)"
[ -f "$ROOT/node_modules/playwright-core/package.json" ] \
  || skip "playwright-core is not installed in $ROOT/node_modules (run npm ci first)"

# ---- 2. Debian packages ----------------------------------------------------------------------
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
missing=()
for p in "${APT_PACKAGES[@]}"; do have_pkg "$p" || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null || skip "Debian packages ${missing[*]} are missing and there is no apt-get"
  if [ "$(id -u)" = 0 ]; then SUDO=(); elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=(sudo -n)
  else skip "Debian packages ${missing[*]} are missing and installing them needs root"; fi
  say "installing Debian packages: ${missing[*]}"
  t=$SECONDS
  mkdir -p "$CACHE"; APT_LOG="$CACHE/apt.log"
  # shellcheck source=scripts/e2e/apt-lock.sh
  source "$ROOT/scripts/e2e/apt-lock.sh"
  # Another apt or dpkg (unattended-upgrades on a fresh machine) may hold the lock: wait for it, bounded;
  # apt's own lock timeout covers the moment between our check and apt taking the lock.
  LOCK_WAIT=${NDIS_E2E_APT_LOCK_WAIT:-600}
  wait_for_apt_locks "$LOCK_WAIT" || exit 1
  APT=("${SUDO[@]}" apt-get -o "DPkg::Lock::Timeout=$LOCK_WAIT")
  { "${APT[@]}" update -qq && DEBIAN_FRONTEND=noninteractive "${APT[@]}" install -y -qq "${missing[@]}"; } > "$APT_LOG" 2>&1 \
    || { tail -30 "$APT_LOG" >&2
         if grep -qiE 'could not get lock|unable to acquire the dpkg frontend lock|unable to lock' "$APT_LOG"; then
           say "apt-get could not take the package lock within ${LOCK_WAIT}s: $(apt_lock_holder || true). Run again when it is free"
         else say "apt-get install ${missing[*]} failed (log above)"; fi
         exit 1; }
  say "Debian packages installed in $((SECONDS - t))s"
fi
[ -x "$CHROMIUM" ] || { say "$CHROMIUM not found after installing chromium"; exit 1; }
for tool in c++ make python3; do
  command -v "$tool" >/dev/null || skip "$tool is missing (needed to build code-server's native modules)"
done

# ---- 3. code-server from npm -----------------------------------------------------------------
if [ ! -f "$CS_DIR/.ndis-offload-installed" ] || [ ! -x "$CS_BIN" ]; then
  t=$SECONDS
  mkdir -p "$CACHE"
  STAGE="$CACHE/.staging-code-server-$CS_VERSION.$$"
  rm -rf "$STAGE"; mkdir -p "$STAGE/tmp" "$STAGE/rgseed"
  trap 'rm -rf "$STAGE"' EXIT
  # @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache in $TMPDIR holds the
  # archive: pack Debian's rg under the name it looks for.
  case "$(uname -m)" in
    x86_64) rg_target=x86_64-unknown-linux-musl ;;
    aarch64) rg_target=aarch64-unknown-linux-gnu ;;
    *) skip "no ripgrep seed for architecture $(uname -m)" ;;
  esac
  RG_CACHE="$STAGE/tmp/vscode-ripgrep-cache-$RG_PKG_VERSION"
  mkdir -p "$RG_CACHE"
  cp "$(command -v rg)" "$STAGE/rgseed/rg"
  tar czf "$RG_CACHE/ripgrep-$RG_BIN_VERSION-$rg_target.tar.gz" -C "$STAGE/rgseed" rg
  echo '{"name":"ndis-offload-e2e-code-server","private":true}' > "$STAGE/package.json"
  say "installing code-server@$CS_VERSION into $CS_DIR (a few minutes on an empty cache)"
  # unsafe_perm: code-server's postinstall refuses to run as root without it;
  # yes: node-pty's postinstall runs `npx node-gyp`, which would otherwise prompt.
  if ! (cd "$STAGE" && TMPDIR="$STAGE/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
        npm install --no-audit --no-fund --no-save --save-exact "code-server@$CS_VERSION" > "$STAGE/install.log" 2>&1); then
    tail -40 "$STAGE/install.log" >&2
    say "npm install code-server@$CS_VERSION failed (log above)"
    exit 1
  fi
  # XDG_*: even --version writes a config.yaml and logs under ~/.config and ~/.local/share otherwise
  XDG_CONFIG_HOME="$STAGE/tmp/xdg" XDG_DATA_HOME="$STAGE/tmp/xdg" "$STAGE/node_modules/.bin/code-server" --version >/dev/null 2>&1 \
    || { tail -40 "$STAGE/install.log" >&2; say "code-server@$CS_VERSION installed but does not run"; exit 1; }
  rm -rf "$STAGE/tmp" "$STAGE/rgseed"
  echo "$CS_VERSION" > "$STAGE/.ndis-offload-installed"
  rm -rf "$CS_DIR"; mv "$STAGE" "$CS_DIR"
  trap - EXIT
  say "code-server@$CS_VERSION installed in $((SECONDS - t))s ($(du -sh "$CS_DIR" | cut -f1))"
fi

if [ "$PRINT_ENV" = 1 ]; then
  printf 'CODE_SERVER=%q\nCHROMIUM_PATH=%q\nCS_VERSION=%q\n' "$CS_BIN" "$CHROMIUM" "$CS_VERSION"
fi
exit 0
