#!/usr/bin/env bash
# The performance benchmark (PRODUCT.md, "Performance"); not run by CI.
#
#   bash bench/run.sh                 # 1 000, 10 000 and 100 000 sessions
#   bash bench/run.sh 1000 10000      # only these sizes
#
# Builds the release binary, installs hyperfine and GNU time when missing,
# generates a seeded synthetic history per size, and measures whole-process
# median time (hyperfine) and peak RSS (GNU time) of the everyday commands.
# Progress goes to stderr; the Markdown table goes to stdout and to
# target/bench/results.md, with hyperfine's JSON beside it.
#
# Environment: BENCH_RUNS (minimum runs per command, default 20),
# BENCH_WARMUP (default 3), BENCH_SEED, BENCH_NOW and BENCH_TZ (the pinned
# clock and zone), BENCH_KEEP=1 keeps the temporary stores.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

sizes=("$@")
if ((${#sizes[@]} == 0)); then
    sizes=(1000 10000 100000)
fi
for size in "${sizes[@]}"; do
    if ! [[ $size =~ ^[1-9][0-9]*$ ]]; then
        echo "error: '$size' is not a number of sessions; usage: bench/run.sh [SESSIONS...]" >&2
        exit 2
    fi
done

runs=${BENCH_RUNS:-20}
warmup=${BENCH_WARMUP:-3}
seed=${BENCH_SEED:-20261121}
commands=("log 8 --steps 300" "list --json" "today" "status" "week" "report")

say() { printf '%s\n' "$*" >&2; }

# --- tools -----------------------------------------------------------------
missing=()
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
/usr/bin/time --version 2>&1 | grep -q GNU || missing+=(time)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if ((${#missing[@]} > 0)); then
    sudo=()
    if ((EUID != 0)); then sudo=(sudo); fi
    say "installing ${missing[*]}"
    # Refresh the package lists only when one of them is unknown to apt.
    for package in "${missing[@]}"; do
        if ! apt-cache policy "$package" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
            "${sudo[@]}" apt-get update >&2
            break
        fi
    done
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >&2
fi

# --- build -----------------------------------------------------------------
say "building the release binary"
cargo build --release --locked >&2
bin="${CARGO_TARGET_DIR:-$root/target}/release/backwalk"
[[ $bin = /* ]] || bin="$root/$bin"

# --- a fixed world -----------------------------------------------------------
export BACKWALK_NOW="${BENCH_NOW:-2026-11-21T18:30:00+01:00}"
export TZ="${BENCH_TZ:-Europe/Berlin}"
export NO_COLOR=1
unset BACKWALK_STORE

out="$root/target/bench"
mkdir -p "$out"
results="$out/results.tsv"
: >"$results"
work=$(mktemp -d "${TMPDIR:-/tmp}/backwalk-bench.XXXXXX")
if [[ ${BENCH_KEEP:-0} = 1 ]]; then
    say "stores kept in $work"
else
    trap 'rm -rf "$work"' EXIT
fi

load() { cut -d' ' -f1-3 /proc/loadavg; }
load_before=$(load)

# Peak RSS in KiB: the median of three runs (`prepare` runs before each).
peak_rss() {
    local prepare=$1
    shift
    local samples=()
    for _ in 1 2 3; do
        if [[ -n $prepare ]]; then eval "$prepare"; fi
        /usr/bin/time -f %M -o "$work/rss" "$bin" "$@" >/dev/null
        samples+=("$(tail -n 1 "$work/rss")")
    done
    printf '%s\n' "${samples[@]}" | sort -n | sed -n 2p
}

for size in "${sizes[@]}"; do
    say ""
    say "== $size sessions (load average $(load))"
    dir="$work/$size"
    mkdir -p "$dir/log"
    pristine="$dir/sessions.json"
    python3 bench/history.py --sessions "$size" --seed "$seed" --backwalk "$bin" --store "$pristine"
    rm -f "$pristine.bak"
    bytes=$(stat -c %s "$pristine")
    for command in "${commands[@]}"; do
        read -r -a args <<<"$command"
        name=${args[0]}
        json="$out/$size-$name.json"
        if [[ $name = log ]]; then
            # A fresh copy before every run keeps the store at $size sessions.
            export BACKWALK_STORE="$dir/log/sessions.json"
            # The copy is a new file, which its index does not describe;
            # `status` rebuilds the index as any earlier command would have.
            printf 'set -e\ncp %q %q\n%q status >/dev/null\n' "$pristine" "$BACKWALK_STORE" "$bin" >"$dir/fresh.sh"
            prepare="bash $dir/fresh.sh"
        else
            export BACKWALK_STORE="$pristine"
            prepare=""
        fi
        hyperfine_args=(-N --warmup "$warmup" --min-runs "$runs" --style basic
            --command-name "$command" --export-json "$json")
        if [[ -n $prepare ]]; then hyperfine_args+=(--prepare "$prepare"); fi
        hyperfine "${hyperfine_args[@]}" "$bin $command" >&2
        rss=$(peak_rss "$prepare" "${args[@]}")
        printf '%s\t%s\t%s\t%s\t%s\n' "$size" "$bytes" "$command" "$json" "$rss" >>"$results"
    done
done
unset BACKWALK_STORE
load_after=$(load)

# --- the table ---------------------------------------------------------------
{
    echo "## backwalk benchmark"
    echo
    echo "- commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null || echo ' (with uncommitted changes in src/)'), $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "- $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(hyperfine --version)"
    echo "- load average (1, 5, 15 min) before: $load_before; after: $load_after"
    echo "- BACKWALK_NOW=$BACKWALK_NOW TZ=$TZ seed=$seed; warmup $warmup, at least $runs runs per command"
    echo
    python3 bench/table.py "$results"
} | tee "$out/results.md"
