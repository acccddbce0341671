#!/usr/bin/env bash
# backwalk against Timewarrior and Watson on the same history (PRODUCT.md,
# "Performance"); not run by CI.
#
#   bash bench/peers.sh                 # 1 000, 10 000 and 100 000 sessions
#   bash bench/peers.sh 1000 10000      # only these sizes
#
# Installs Timewarrior (apt), Watson (pip), hyperfine and GNU time when
# missing, builds the release binary, writes one seeded synthetic history
# per size in each tool's own format (bench/history.py), and measures the
# three side by side in one run: whole-process median time (hyperfine -N)
# and peak RSS (GNU time %M, median of 3) of logging one walk, the weekly
# summary and exporting everything, plus backwalk's `today` and `status`
# against the peers' weekly summaries. Progress goes to stderr; the Markdown
# table goes to stdout and to target/bench/peers.md, with hyperfine's JSON
# beside it.
#
# The clock: backwalk's is pinned (BACKWALK_NOW), the peers' cannot be, and
# their "current week" is the real one. So the pinned moment is used only
# when the real clock is at or after it in the same ISO week (the history
# then has nothing between it and the real now); otherwise every history
# ends at the real now, and BACKWALK_NOW is set to that same moment.
#
# Environment: BENCH_RUNS (minimum timed runs per command, default 10),
# BENCH_WARMUP (default 3), BENCH_SEED, BENCH_NOW and BENCH_TZ (the pinned
# clock and zone), BENCH_SINCE (no walk on or before this date, default
# 1970-01-02: Timewarrior cannot read earlier years), BENCH_KEEP=1 keeps
# the temporary histories.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

sizes=("$@")
if ((${#sizes[@]} == 0)); then
    sizes=(1000 10000 100000)
fi
for size in "${sizes[@]}"; do
    if ! [[ $size =~ ^[1-9][0-9]*$ ]]; then
        echo "error: '$size' is not a number of sessions; usage: bench/peers.sh [SESSIONS...]" >&2
        exit 2
    fi
done

runs=${BENCH_RUNS:-10}
warmup=${BENCH_WARMUP:-3}
seed=${BENCH_SEED:-20261121}
since=${BENCH_SINCE:-1970-01-02}

say() { printf '%s\n' "$*" >&2; }

# --- tools -----------------------------------------------------------------
sudo=()
if ((EUID != 0)); then sudo=(sudo); fi
missing=()
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
/usr/bin/time --version 2>&1 | grep -q GNU || missing+=(time)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v timew >/dev/null 2>&1 || missing+=(timewarrior)
if ((${#missing[@]} > 0)); then
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
# Watson's own script, not a wrapper (a pyenv shim adds a shell and pyenv
# itself to every run).
scripts=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
if ! python3 -c 'import watson' 2>/dev/null; then
    say "installing Watson (td-watson)"
    python3 -m pip install --quiet td-watson >&2
fi
watson="$scripts/watson"
[[ -x $watson ]] || watson=$(command -v watson)
timew=$(command -v timew)

# --- build -----------------------------------------------------------------
say "building the release binary"
cargo build --release --locked >&2
built="commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null || echo ' (with uncommitted changes in src/)') built $(date -u +%Y-%m-%dT%H:%MZ)"
out="$root/target/bench"
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/backwalk-peers.XXXXXX")
if [[ ${BENCH_KEEP:-0} = 1 ]]; then
    say "histories kept in $work"
else
    trap 'rm -rf "$work"' EXIT
fi
# A copy, so a build started elsewhere during the run cannot swap it.
bin="$work/backwalk"
cp "${CARGO_TARGET_DIR:-$root/target}/release/backwalk" "$bin"

# --- one clock for the three -------------------------------------------------
export TZ="${BENCH_TZ:-Europe/Berlin}"
export NO_COLOR=1
unset BACKWALK_STORE TIMEWARRIORDB WATSON_DIR
pinned="${BENCH_NOW:-2026-11-21T18:30:00+01:00}"
pinned_epoch=$(date -d "$pinned" +%s)
real_epoch=$(date +%s)
if [[ $(date -d "@$pinned_epoch" +%G-W%V) = $(date -d "@$real_epoch" +%G-W%V) ]] &&
    ((real_epoch >= pinned_epoch)); then
    now_epoch=$pinned_epoch
    clock="pinned: BACKWALK_NOW=$pinned, and the real clock ($(date -d "@$real_epoch" +%FT%T%:z)) is later in the same ISO week, so the peers' current week holds the same walks"
else
    now_epoch=$real_epoch
    clock="the real clock: BENCH_NOW ($pinned) is not earlier in the current ISO week, so every history ends at the real now and BACKWALK_NOW is that moment"
fi
export BACKWALK_NOW
BACKWALK_NOW=$(date -d "@$now_epoch" +%FT%T%:z)
week_before=$(date +%G-W%V)
# The walk the peers log: 18:00-18:08 for the pinned 18:30, kept free in
# every history (a minute of margin for a now with seconds).
logged_from=$(date -d "@$((now_epoch - 30 * 60))" +%FT%H:%M)
logged_to=$(date -d "@$((now_epoch - 22 * 60))" +%FT%H:%M)
free_minutes=31

# The commands, as hyperfine runs them (no shell: no quoting needed).
# operation, tool, command line
plan=(
    "log|backwalk|$bin log 8 --steps 300"
    "log|timew|$timew track $logged_from - $logged_to backwalk"
    "log|watson|$watson add -f $logged_from -t $logged_to backwalk"
    "week|backwalk|$bin week"
    "today|backwalk|$bin today"
    "status|backwalk|$bin status"
    "export|backwalk|$bin export"
    "week|timew|$timew summary :week"
    "export|timew|$timew export"
    "week|watson|$watson report --week"
    "export|watson|$watson log --all --json"
)

load() { cut -d' ' -f1-3 /proc/loadavg; }
load_before=$(load)
results="$out/peers.tsv"
: >"$results"

# Peak RSS in KiB of a command line: the median of three runs, each after
# `prepare` (if any).
peak_rss() {
    local prepare=$1 line=$2 samples=() argv
    read -r -a argv <<<"$line"
    for _ in 1 2 3; do
        if [[ -n $prepare ]]; then bash "$prepare"; fi
        /usr/bin/time -f %M -o "$work/rss" "${argv[@]}" >/dev/null 2>&1
        samples+=("$(tail -n 1 "$work/rss")")
    done
    printf '%s\n' "${samples[@]}" | sort -n | sed -n 2p
}

# The three tools' data folders for one size: `pristine` as generated,
# `scratch` restored from it before every write.
use() {
    export BACKWALK_STORE="$1/sessions.json" TIMEWARRIORDB="$1/timewarrior" WATSON_DIR="$1/watson"
}

# Whether `operation` is measured in the `kind` (write or read) round.
belongs() { if [[ $1 = write ]]; then [[ $2 = log ]]; else [[ $2 != log ]]; fi; }

# Sessions exported, and the current week's seconds, as each tool reports them.
check() {
    local size=$1 counts totals
    counts="$("$bin" export | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
    counts+=" $("$timew" export | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
    counts+=" $("$watson" log --all --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
    totals="$("$bin" week --json | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["totals"]["minutes"] * 60))')"
    totals+=" $("$timew" summary :week | python3 -c '
import sys
lines = [l.split() for l in sys.stdin if l.strip()]
h, m, s = lines[-1][-1].split(":") if lines and ":" in lines[-1][-1] else (0, 0, 0)
print(int(h) * 3600 + int(m) * 60 + int(s))')"
    totals+=" $("$watson" report --week --json | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["time"]))')"
    say "  sessions exported (backwalk, timew, watson): $counts; this week's seconds: $totals"
    python3 - "$size" "$counts" "$totals" <<'EOF'
import sys
size, counts, totals = int(sys.argv[1]), sys.argv[2].split(), [int(t) for t in sys.argv[3].split()]
if any(int(c) != size for c in counts):
    sys.exit(f"error: the tools do not all hold {size} sessions: {counts}")
if max(totals) - min(totals) > 1:
    sys.exit(f"error: the tools disagree on this week's seconds: {totals}")
EOF
}

for size in "${sizes[@]}"; do
    say ""
    say "== $size sessions (load average $(load))"
    pristine="$work/$size/pristine"
    scratch="$work/$size/scratch"
    mkdir -p "$pristine" "$scratch"
    python3 bench/history.py --sessions "$size" --seed "$seed" --since "$since" \
        --free-minutes "$free_minutes" --backwalk "$bin" --store "$pristine/sessions.json" \
        --timewarrior "$pristine/timewarrior" --watson "$pristine/watson"
    rm -f "$pristine/sessions.json.bak"
    use "$pristine"
    check "$size"

    # Fresh copies before every write, so the history stays at $size.
    for tool in backwalk timew watson; do
        case $tool in
            # The copy is a new file, which its index does not describe;
            # `status` rebuilds the index as any earlier command would have.
            backwalk) what="cp '$pristine/sessions.json' '$scratch/sessions.json' && BACKWALK_STORE='$scratch/sessions.json' '$bin' status >/dev/null" ;;
            timew) what="rm -rf '$scratch/timewarrior' && cp -a '$pristine/timewarrior' '$scratch/timewarrior'" ;;
            watson) what="rm -rf '$scratch/watson' && cp -a '$pristine/watson' '$scratch/watson'" ;;
        esac
        printf 'set -e\n%s\n' "$what" >"$work/$size/fresh-$tool.sh"
    done

    for kind in write read; do
        hyperfine_args=(-N --warmup "$warmup" --min-runs "$runs" --style basic
            --export-json "$out/peers-$size-$kind.json")
        lines=()
        prepares=()
        for entry in "${plan[@]}"; do
            IFS='|' read -r operation tool line <<<"$entry"
            belongs "$kind" "$operation" || continue
            name="$tool ${line#* }"
            hyperfine_args+=(--command-name "$name")
            lines+=("$line")
            if [[ $kind = write ]]; then
                prepares+=("$work/$size/fresh-$tool.sh")
                hyperfine_args+=(--prepare "bash $work/$size/fresh-$tool.sh")
            else
                prepares+=("")
            fi
        done
        if [[ $kind = write ]]; then use "$scratch"; else use "$pristine"; fi
        say "-- $kind commands (load average $(load))"
        hyperfine "${hyperfine_args[@]}" "${lines[@]}" >&2
        index=0
        for entry in "${plan[@]}"; do
            IFS='|' read -r operation tool line <<<"$entry"
            belongs "$kind" "$operation" || continue
            rss=$(peak_rss "${prepares[$index]}" "$line")
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$operation" "$tool" \
                "$tool ${line#* }" "$out/peers-$size-$kind.json" "$index" "$rss" >>"$results"
            index=$((index + 1))
        done
    done
    if [[ ${BENCH_KEEP:-0} != 1 ]]; then rm -rf "${work:?}/$size"; fi
done
unset BACKWALK_STORE TIMEWARRIORDB WATSON_DIR
load_after=$(load)
week_after=$(date +%G-W%V)

# --- the table ---------------------------------------------------------------
{
    echo "## backwalk, Timewarrior and Watson on the same history"
    echo
    echo "- $built; finished $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "- $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(hyperfine --version)"
    echo "- $("$timew" --version | sed 's/^/Timewarrior /'), $("$watson" --version), $(python3 --version)"
    echo "- load average (1, 5, 15 min) before: $load_before; after: $load_after"
    echo "- clock: $clock; TZ=$TZ; seed=$seed; no walk before $since"
    if [[ $week_before != "$week_after" ]]; then
        echo "- WARNING: the real ISO week changed during the run ($week_before → $week_after): the peers' weekly figures are not comparable"
    fi
    echo "- warmup $warmup, at least $runs runs per command; fresh copies before every write"
    echo
    python3 -B bench/peers_table.py "$results"
} | tee "$out/peers.md"
