#!/usr/bin/env bash
# The performance benchmark (README, "Performance"); not run by CI.
#
#   bash bench/run.sh                      # 1 000, 10 000, 100 000 and 1 000 000 sessions
#   bash bench/run.sh 1000 10000           # only these sizes
#
# Builds the release binary, installs hyperfine and GNU time when missing,
# generates a seeded synthetic history per size, and measures whole-process
# median time (hyperfine) and peak RSS (GNU time) of the everyday commands,
# of importing the history as a newest-first CSV into an empty store and of
# undoing that import. Sizes over BENCH_FULL_MAX (100 000) measure only the
# long view (`report` and `calendar`); import and undo are measured at sizes
# up to BENCH_IMPORT_MAX (100 000). Every command is tried once and its
# result checked before it is timed. Progress goes to stderr; the Markdown
# table goes to stdout and to target/bench/results.md, with hyperfine's JSON
# beside it.
#
# Environment: BENCH_RUNS (minimum runs per command, default 20),
# BENCH_WARMUP (default 3), BENCH_SLOW_RUNS and BENCH_SLOW_WARMUP (import
# and undo: 10 and 1), BENCH_FULL_MAX, BENCH_IMPORT_MAX, BENCH_SEED,
# BENCH_NOW and BENCH_TZ (the pinned clock and zone), BENCH_KEEP=1 keeps
# the temporary stores.
set -euo pipefail
shopt -s inherit_errexit

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
read_sizes run.sh 1000 10000 100000 1000000 -- "$@"

runs=${BENCH_RUNS:-20}
warmup=${BENCH_WARMUP:-3}
slow_runs=${BENCH_SLOW_RUNS:-10}
slow_warmup=${BENCH_SLOW_WARMUP:-1}
full_max=${BENCH_FULL_MAX:-100000}
import_max=${BENCH_IMPORT_MAX:-100000}
seed=${BENCH_SEED:-20261121}
# A million walks at the usual pace reach back past year 1: the histories
# start after 0001-01-01, denser where they must (history.py --since).
since=0001-01-01
# The last half hour before now is free of walks, so `log 8` ending now and
# a timer started 8 minutes ago overlap nothing.
free_minutes=31

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
say "building the release binary, as the package ships it"
release=$(built_binary)
built="commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null || echo ' (with uncommitted changes in src/ or Cargo.toml)') built $(date -u +%Y-%m-%dT%H:%MZ)"

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
# A copy, so a build started elsewhere during the run cannot swap it.
bin="$work/backwalk"
cp "$release" "$bin"

# --- a fixed world -----------------------------------------------------------
export BACKWALK_NOW="${BENCH_NOW:-2026-11-21T18:30:00+01:00}"
export TZ="${BENCH_TZ:-Europe/Berlin}"
export NO_COLOR=1
unset BACKWALK_STORE
now_epoch=$(date -d "$BACKWALK_NOW" +%s)
timer_from=$(date -d "@$((now_epoch - 8 * 60))" +%FT%T%:z)
# What the default calendar and report cover: the current ISO week and the
# 52 (or 3) before it, the calendar up to today, the report to Sunday.
today=$(date -d "@$now_epoch" +%F)
monday=$(date -d "$today -$(($(date -d "$today" +%u) - 1)) days" +%F)
calendar_from=$(date -d "$monday -364 days" +%F)
calendar_days=$((($(date -u -d "$today" +%s) - $(date -u -d "$calendar_from" +%s)) / 86400 + 1))
report_shape="4 $(date -d "$monday -21 days" +%F) $(date -d "$monday +6 days" +%F)"

load() { cut -d' ' -f1-3 /proc/loadavg; }
grouped() { sed ':a;s/\B[0-9]\{3\}\>/ &/;ta' <<<"$1"; }
load_before=$(load)

# The sessions in the store BACKWALK_STORE names (notes hold no line breaks:
# one CSV line a walk).
sessions() { echo $(($("$bin" export --csv | wc -l) - 1)); }

# Peak RSS in KiB: the median of three runs, each after `prepare` (a script,
# if any). A run that fails stops the benchmark: the time of an error exit
# measures nothing.
peak_rss() {
    local prepare=$1
    shift
    local samples=()
    for _ in 1 2 3; do
        if [[ -n $prepare ]]; then bash "$prepare"; fi
        if ! /usr/bin/time -f %M -o "$work/rss" "$bin" "$@" >/dev/null 2>"$work/rss-stderr"; then
            say "error: 'backwalk $*' failed:"
            cat "$work/rss-stderr" >&2
            exit 1
        fi
        samples+=("$(tail -n 1 "$work/rss")")
    done
    printf '%s\n' "${samples[@]}" | sort -n | sed -n 2p
}

# One measurement: a label for the table, the store, a preparation script
# ("" for none), the command's arguments, and the check of one trial run
# (`sessions` afterwards; "" for none).
measure() {
    local label=$1 store=$2 prepare=$3 expect=$4 command=$5 slow=$6
    local args json name
    read -r -a args <<<"$command"
    name=${args[0]}
    json="$out/$size-$name.json"
    export BACKWALK_STORE=$store
    # The trial: the command succeeds and leaves what it should.
    if [[ -n $prepare ]]; then bash "$prepare"; fi
    if ! "$bin" "${args[@]}" >/dev/null 2>"$work/trial-stderr"; then
        say "error: 'backwalk $command' failed:"
        cat "$work/trial-stderr" >&2
        exit 1
    fi
    if [[ -n $expect ]] && (($(sessions) != expect)); then
        say "error: after 'backwalk $command' the store holds $(sessions) sessions, not $expect"
        exit 1
    fi
    local hyperfine_args=(-N --style basic --command-name "$label" --export-json "$json")
    if [[ $slow = slow ]]; then
        hyperfine_args+=(--warmup "$slow_warmup" --min-runs "$slow_runs")
    else
        hyperfine_args+=(--warmup "$warmup" --min-runs "$runs")
    fi
    if [[ -n $prepare ]]; then hyperfine_args+=(--prepare "bash $prepare"); fi
    # hyperfine stops at the first non-zero exit, of the command or of its
    # preparation.
    hyperfine "${hyperfine_args[@]}" "$bin $command" >&2
    local rss
    rss=$(peak_rss "$prepare" "${args[@]}")
    printf '%s\t%s\t%s\t%s\t%s\n' "$size" "$bytes" "$label" "$json" "$rss" >>"$results"
}

for size in "${sizes[@]}"; do
    say ""
    say "== $size sessions (load average $(load))"
    dir="$work/$size"
    mkdir -p "$dir/scratch" "$dir/import"
    pristine="$dir/sessions.json"
    scratch="$dir/scratch/sessions.json"
    imported="$dir/import/sessions.json"
    csv=()
    if ((size <= import_max)); then csv=(--csv "$dir/rows.csv"); fi
    python3 bench/history.py --sessions "$size" --seed "$seed" --since "$since" \
        --free-minutes "$free_minutes" --backwalk "$bin" --store "$pristine" "${csv[@]}"
    rm -f "$pristine.bak"
    bytes=$(stat -c %s "$pristine")

    # The history is whole, and the long view covers what it should.
    export BACKWALK_STORE=$pristine
    held=$(sessions)
    shape="$("$bin" --json calendar | python3 -c 'import json,sys; d = json.load(sys.stdin); print(len(d["days"]), d["from"], d["to"])')"
    shape+=" $("$bin" --json report | python3 -c 'import json,sys; d = json.load(sys.stdin); print(len(d["periods"]), d["from"], d["to"])')"
    say "  the store holds $held sessions ($bytes bytes); calendar (days, from, to) and report (periods, from, to): $shape"
    if ((held != size)) || [[ $shape != "$calendar_days $calendar_from $today $report_shape" ]]; then
        say "error: expected $size sessions, calendar $calendar_days $calendar_from $today and report $report_shape"
        exit 1
    fi

    # Fresh copies before every write, so the store stays at $size sessions.
    # The copy is a new file, which its index does not describe: `status`
    # rebuilds the index, as any earlier command would have; `start` (a
    # timer begun 8 minutes before now) writes a new store and its index.
    printf 'set -e\ncp %q %q\nBACKWALK_STORE=%q %q status >/dev/null\n' \
        "$pristine" "$scratch" "$scratch" "$bin" >"$dir/fresh-log.sh"
    printf 'set -e\ncp %q %q\nBACKWALK_STORE=%q BACKWALK_NOW=%q %q start --surface grass >/dev/null\n' \
        "$pristine" "$scratch" "$scratch" "$timer_from" "$bin" >"$dir/fresh-stop.sh"
    # Import into an empty store; undo right after that import.
    printf 'set -e\nrm -rf %q\nmkdir %q\n' "$dir/import" "$dir/import" >"$dir/empty.sh"
    printf 'set -e\nbash %q\nBACKWALK_STORE=%q %q import %q >/dev/null\n' \
        "$dir/empty.sh" "$imported" "$bin" "$dir/rows.csv" >"$dir/imported.sh"

    if ((size <= full_max)); then
        measure "log 8 --steps 300" "$scratch" "$dir/fresh-log.sh" $((size + 1)) "log 8 --steps 300" fast
        measure "stop --steps 300" "$scratch" "$dir/fresh-stop.sh" $((size + 1)) "stop --steps 300" fast
        for command in status today week plan report calendar "list --json" export; do
            measure "$command" "$pristine" "" "" "$command" fast
        done
    else
        for command in report calendar; do
            measure "$command" "$pristine" "" "" "$command" fast
        done
    fi
    if ((size <= import_max)); then
        measure "import of $(grouped "$size") CSV rows, newest first, into an empty store" "$imported" \
            "$dir/empty.sh" "$size" "import $dir/rows.csv" slow
        measure "undo of that import" "$imported" "$dir/imported.sh" 0 "undo" slow
    fi
    if [[ ${BENCH_KEEP:-0} != 1 ]]; then rm -rf "${dir:?}"; fi
done
unset BACKWALK_STORE
load_after=$(load)

# --- the table ---------------------------------------------------------------
{
    echo "## backwalk benchmark"
    echo
    echo "- $built; finished $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "- $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(hyperfine --version)"
    echo "- load average (1, 5, 15 min) before: $load_before; after: $load_after"
    echo "- BACKWALK_NOW=$BACKWALK_NOW TZ=$TZ seed=$seed; warmup $warmup, at least $runs runs per command (import and undo: $slow_warmup, $slow_runs)"
    echo
    python3 -B bench/table.py "$results"
} | tee "$out/results.md"
