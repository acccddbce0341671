#!/usr/bin/env bash
# The merge benchmark: `backwalk merge BASE OURS THEIRS`, the three-way
# merge that `sync` runs and git calls as the store's merge driver, on two
# devices' versions of one store; not run by CI.
#
#   bash bench/merge.sh                 # 10 000 sessions
#   bash bench/merge.sh 1000 100000     # these sizes
#
# Per size: bench/history.py makes BASE (a seeded history), then
# bench/merge_sides.py makes each side from it with N/20 edits (pain on
# one side, steps on the other, a tenth of them the note on both: one
# conflict each), N/100 removals, N/100 new walks under colliding ids and a
# goals change. The merge is run once and its result checked (a store
# backwalk reads, holding every walk it should), then timed with
# hyperfine (median wall time, OURS restored before every run).
# Environment: BENCH_RUNS (default 10), BENCH_KEEP=1 keeps the files.
set -euo pipefail
shopt -s inherit_errexit

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
read_sizes merge.sh 10000 -- "$@"
command -v hyperfine >/dev/null || { echo "error: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }

release=$(built_binary)
work=$(mktemp -d)
if [[ ${BENCH_KEEP:-} != 1 ]]; then trap 'rm -rf "$work"' EXIT; fi
bin="$work/backwalk"
cp "$release" "$bin"
export BACKWALK_NOW=${BENCH_NOW:-2026-11-21T18:30:00+01:00} TZ=${BENCH_TZ:-Europe/Berlin}

echo "| sessions | edits a side | merge median | σ | conflicts | renumbered |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
for size in "${sizes[@]}"; do
    dir="$work/$size"
    mkdir -p "$dir"
    python3 bench/history.py --sessions "$size" --seed 18 --since 0001-01-01 \
        --backwalk "$bin" --store "$dir/base.json" >&2
    changes=$((size / 20))
    python3 bench/merge_sides.py "$dir/base.json" "$dir/ours.json" "$dir/theirs.json" --changes "$changes"
    # Tried once and checked before it is timed.
    cp "$dir/ours.json" "$dir/merged.json"
    "$bin" merge "$dir/base.json" "$dir/merged.json" "$dir/theirs.json" 2>"$dir/report.txt"
    conflicts=$(grep -c 'changed on both devices' "$dir/report.txt" || true)
    renumbered=$(grep -c 'is now #' "$dir/report.txt" || true)
    held=$(BACKWALK_STORE="$dir/merged.json" "$bin" --json list | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
    # Every walk of either side, but those removed on one side and left
    # as they were on the other.
    expected=$(python3 - "$dir" <<'PY'
import json, sys
def load(name):
    with open(f"{sys.argv[1]}/{name}.json", encoding="utf-8") as f:
        doc = json.load(f)
    return {(s["start"], s["duration_seconds"]): {k: v for k, v in s.items() if k != "id"} for s in doc["sessions"]}
b, o, t = load("base"), load("ours"), load("theirs")
removed = [k for k in b if (k not in o and t.get(k) == b[k]) or (k not in t and o.get(k) == b[k])]
print(len(o.keys() | t.keys()) - len(removed))
PY
)
    echo "  $size: the merge holds $held walks (expected $expected), $conflicts conflicts, $renumbered renumbered" >&2
    if ((held != expected)); then
        echo "error: the merge does not hold the walks it should" >&2
        exit 1
    fi
    hyperfine -N --runs "${BENCH_RUNS:-10}" --warmup 1 \
        --prepare "cp $dir/ours.json $dir/merged.json" \
        --export-json "$dir/hyperfine.json" \
        "$bin merge $dir/base.json $dir/merged.json $dir/theirs.json" >&2
    python3 - "$dir/hyperfine.json" "$size" "$changes" "$conflicts" "$renumbered" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"| {int(sys.argv[2]):,} | {int(sys.argv[3]):,} | {r['median'] * 1000:.0f} ms | {r['stddev'] * 1000:.1f} ms | {sys.argv[4]} | {sys.argv[5]} |")
PY
done
