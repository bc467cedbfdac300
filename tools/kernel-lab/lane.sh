#!/usr/bin/env bash
# tools/kernel-lab/lane.sh — nlink's full-kernel test lane (docs/kernel-lane.md), host side:
# boots Debian 12's 6.1 kernel with run.sh and runs, inside the guest, every compiled kernel
# test (dist/test/kernel/**/*.test.js) in one node process through scripts/kernel-lane.mjs.
#
#   tools/kernel-lab/lane.sh [dist/test/kernel/FILE.test.js ...]    (after `npm run build`)
#
# `npm run test:kernel` builds, then runs this. Exit status: the runner's (non-zero when a test
# failed); 124 timed out (NLINK_KLAB_TIMEOUT, default 600 s); 125 the lab could not start.
# The first run installs qemu-system-x86 and downloads the kernel into the cache (run.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(cd "$here/../.." && pwd -P)
if [ ! -d "$repo/dist/test/kernel" ]; then
  echo "kernel lane: $repo/dist/test/kernel is missing: run npm run build first" >&2
  exit 1
fi
now() { date +%s.%N; }
t0=$(now)
bash "$here/run.sh" --setup >&2
t1=$(now)
set +e
bash "$here/run.sh" -C "$repo" -t "${NLINK_KLAB_TIMEOUT:-600}" -e NLINK_KERNEL_LANE=1 -- \
  node --test-reporter=./scripts/kernel-lane.mjs --test-reporter-destination=stdout scripts/kernel-lane.mjs "$@"
rc=$?
set -e
t2=$(now)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v rc="$rc" 'BEGIN {
  printf "kernel lane: exit status %d; setup check %.1f s, guest (boot + tests + poweroff) %.1f s\n", rc, b - a, c - b }' >&2
exit "$rc"
