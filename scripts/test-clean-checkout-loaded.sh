#!/usr/bin/env bash
# Runs .ci/run (the README's `npm install && npm test`) on a clean clone of the committed HEAD,
# pinned to two cores with `taskset` while two busy processes load those same cores: the
# "fresh, loaded 2-core machine" that `npm test` must pass on every time.
#
#   npm run test:loaded            one run
#   RUNS=5 npm run test:loaded     five runs in a row, stopping at the first failure
#   LOAD=0 npm run test:loaded     no busy neighbours of its own (the machine is busy already)
set -euo pipefail
repo=$(git rev-parse --show-toplevel)
shared="$repo/../shared"
runs=${RUNS:-1}
cores=${CORES:-0,1}
load=${LOAD:-2}

work=$(mktemp -d)
load_pids=()
cleanup() {
  for pid in "${load_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

git clone --quiet "$repo" "$work/main"
[ -d "$shared" ] && ln -s "$(cd "$shared" && pwd)" "$work/shared"

for _ in $(seq 1 "$load"); do
  taskset -c "$cores" node -e 'for (;;) {}' &
  load_pids+=($!)
done

for i in $(seq 1 "$runs"); do
  echo "=== loaded clean-checkout run $i of $runs (cores $cores, $load busy neighbours) ==="
  start=$(date +%s)
  (cd "$work/main" && git clean -qfdx && CI=true taskset -c "$cores" bash .ci/run) > "$work/run-$i.log" 2>&1 || {
    tail -n 60 "$work/run-$i.log"
    kept=$(mktemp /tmp/weft-loaded-run-XXXX.log)
    cp "$work/run-$i.log" "$kept"
    echo "whole log kept in $kept"
    echo "run $i FAILED after $(( $(date +%s) - start )) s"
    exit 1
  }
  tail -n 1 "$work/run-$i.log"
  echo "run $i passed in $(( $(date +%s) - start )) s"
done
