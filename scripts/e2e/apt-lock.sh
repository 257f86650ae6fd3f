# Sourced by setup.sh: waits, for a bounded time, until no other process holds the dpkg / apt locks.
# On a fresh cloud machine unattended-upgrades holds them for minutes, and apt-get then fails at once
# with "Could not get lock". The holders are read from /proc/locks (dpkg and apt take fcntl locks), so
# waiting never takes a lock itself.
#
#   wait_for_apt_locks [SECONDS]   0 when the locks are free (at once or within SECONDS, default
#                                  $NDIS_E2E_APT_LOCK_WAIT or 600); 1, with a message naming the holder, when not
#   apt_lock_holder                prints "COMMAND (pid N) holds LOCKFILE" for the first lock held, nothing when free
#
# NDIS_E2E_APT_LOCKS (space-separated) replaces the lock files looked at (the unit test uses its own).

type say >/dev/null 2>&1 || say() { echo "e2e setup: $*" >&2; }
read -r -a APT_LOCK_FILES <<< "${NDIS_E2E_APT_LOCKS:-/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock}"

apt_lock_holder() {
  local f dev ino id pid comm
  [ -r /proc/locks ] || return 0
  for f in "${APT_LOCK_FILES[@]}"; do
    [ -e "$f" ] || continue
    dev=$(stat -L -c %d "$f" 2>/dev/null) || continue
    ino=$(stat -L -c %i "$f" 2>/dev/null) || continue
    # /proc/locks names a file as MAJOR:MINOR:INODE, the device numbers in hex
    id=$(printf '%02x:%02x:%s' $(( (dev >> 8) & 0xfff )) $(( (dev & 0xff) | ((dev >> 12) & 0xfff00) )) "$ino")
    # "1: POSIX  ADVISORY  WRITE 1234 08:01:131090 0 EOF"; lines with "->" are waiters, not holders
    pid=$(awk -v id="$id" '$2 != "->" && $6 == id { print $5; exit }' /proc/locks)
    if [ -n "$pid" ]; then
      comm=$(cat "/proc/$pid/comm" 2>/dev/null || echo "a process")
      echo "$comm (pid $pid) holds $f"
      return 0
    fi
  done
}

wait_for_apt_locks() {
  local budget=${1:-${NDIS_E2E_APT_LOCK_WAIT:-600}} start=$SECONDS holder said=0
  while holder=$(apt_lock_holder) && [ -n "$holder" ]; do
    if (( SECONDS - start >= budget )); then
      say "gave up waiting for the package lock after ${budget}s: $holder. Run the tests again when it is done (NDIS_E2E_APT_LOCK_WAIT sets the wait in seconds)"
      return 1
    fi
    if [ "$said" = 0 ]; then
      say "waiting for the package lock: $holder (unattended upgrades do this on fresh machines); waiting at most ${budget}s"
      said=1
    fi
    sleep 2
  done
  [ "$said" = 0 ] || say "the package lock is free after $((SECONDS - start))s"
  return 0
}
