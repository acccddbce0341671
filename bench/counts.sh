#!/usr/bin/env bash
# Load-independent accounting of one `backwalk log` (and, for reference,
# `--version` and `today`) at each size: what a busy machine cannot blur.
#
#   bash bench/counts.sh                  # 1 000, 10 000 and 100 000 sessions
#   bash bench/counts.sh 1000 10000       # only these sizes
#   BIN=path/to/backwalk bash bench/counts.sh   # another build (default: a
#                                         # copy of packaging/build.sh's)
#
# For each command: user-space instructions (valgrind's callgrind, `Ir`),
# page faults (perf's software counter), system calls (strace -c) and the
# bytes it wrote (write and copy_file_range). Kernel time, and above all
# the one data sync and one folder sync, are not counted: they are the
# durability floor, and only a quiet machine times them (bench/peers.sh).
#
# Each `log` runs as in peers.sh: on a fresh copy of the store whose index
# a `status` has just rebuilt, with the backup and the spare left by
# earlier writes (three are made first). Needs valgrind and strace
# (installed with apt-get when missing); perf is optional.
set -euo pipefail
shopt -s inherit_errexit

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
read_sizes counts.sh 1000 10000 100000 -- "$@"
missing=()
command -v valgrind >/dev/null 2>&1 || missing+=(valgrind)
command -v strace >/dev/null 2>&1 || missing+=(strace)
if ((${#missing[@]} > 0)); then
    sudo=()
    if ((EUID != 0)); then sudo=(sudo); fi
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >&2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ -z ${BIN:-} ]]; then
    cp "$(built_binary)" "$work/backwalk"
    BIN=$work/backwalk
fi
export BACKWALK_NOW=${BENCH_NOW:-2026-12-07T08:00:00+01:00} TZ=${BENCH_TZ:-Europe/Berlin}

printf '| sessions | command | instructions (user) | page faults | system calls | bytes written |\n'
printf '| ---: | --- | ---: | ---: | ---: | ---: |\n'
for size in "${sizes[@]}"; do
    pristine=$work/$size/pristine
    scratch=$work/$size/scratch
    mkdir -p "$pristine" "$scratch"
    python3 bench/history.py --sessions "$size" --seed "${BENCH_SEED:-20261121}" --since 1970-01-02 \
        --free-minutes 31 --backwalk "$BIN" --store "$pristine/sessions.json" >&2
    export BACKWALK_STORE=$scratch/sessions.json
    fresh() {
        cp "$pristine/sessions.json" "$BACKWALK_STORE"
        "$BIN" status >/dev/null
    }
    for _ in 1 2 3; do
        fresh
        "$BIN" log 8 --steps 300 >/dev/null
    done
    for line in "log 8 --steps 300" "today" "--version"; do
        read -r -a argv <<<"$line"
        fresh
        ir=$(valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" "$BIN" "${argv[@]}" 2>&1 >/dev/null |
            awk '/Collected/ {print $4}')
        fresh
        faults=$(perf stat -x, -e page-faults "$BIN" "${argv[@]}" 2>&1 >/dev/null | awk -F, '{print $1}' || true)
        fresh
        strace -f -o "$work/strace.txt" "$BIN" "${argv[@]}" >/dev/null
        calls=$(grep -cvE '^[0-9]+ +(\+\+\+|---)' "$work/strace.txt")
        bytes=$(grep -E '^[0-9]+ +(write|copy_file_range)\(' "$work/strace.txt" | awk -F'= ' '{s += $NF} END {print s + 0}')
        printf '| %s | `%s` | %s | %s | %s | %s |\n' "$size" "$line" "$ir" "${faults:-n/a}" "$calls" "$bytes"
    done
done
