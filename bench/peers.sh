#!/usr/bin/env bash
# backwalk against Timewarrior and Watson on the same history (README,
# "Performance"); not run by CI.
#
#   bash bench/peers.sh                 # 1 000, 10 000 and 100 000 sessions
#   bash bench/peers.sh 1000 10000      # only these sizes
#
# Installs Timewarrior (apt), Watson (pip), hyperfine and GNU time when
# missing, builds the release binary, writes one seeded synthetic history
# per size in each tool's own format (bench/history.py), checks that the
# three hold the same walks, and measures them side by side: whole-process
# median time (hyperfine -N) and peak RSS (GNU time %M, median of 3) of
# backwalk's everyday commands (log, stop, status, today, week, plan, the
# default report and calendar) and export, each against the peers' nearest
# command (bench/peers_table.py). Every write is first tried once and
# checked; a failing command stops the run. Progress goes to stderr; the
# Markdown table goes to stdout and to target/bench/peers.md, with
# hyperfine's JSON beside it.
#
# The clock: backwalk's is pinned (BACKWALK_NOW), the peers' cannot be, and
# their "today" and "current week" are the real ones. So the pinned moment
# is used only when the real clock is at or after it on the same day (the
# history then has nothing between it and the real now); otherwise every
# history ends at the real now, and BACKWALK_NOW is set to that same
# moment. Walks fall between 06:00 and 22:00: run it in the day, or choose
# a BENCH_TZ in which it is day, for a "today" with walks.
#
# Environment: BENCH_RUNS (minimum timed runs per command, default 10),
# BENCH_WARMUP (default 3), BENCH_SEED, BENCH_NOW and BENCH_TZ (the pinned
# clock and zone), BENCH_SINCE (no walk on or before this date, default
# 1970-01-02: Timewarrior cannot read earlier years), BENCH_KEEP=1 keeps
# the temporary histories.
set -euo pipefail
shopt -s inherit_errexit

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
read_sizes peers.sh 1000 10000 100000 -- "$@"

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
say "building the release binary, as the package ships it"
release=$(built_binary)
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
cp "$release" "$bin"

# --- one clock for the three -------------------------------------------------
export TZ="${BENCH_TZ:-Europe/Berlin}"
export NO_COLOR=1
unset BACKWALK_STORE TIMEWARRIORDB WATSON_DIR
pinned="${BENCH_NOW:-2026-11-21T18:30:00+01:00}"
pinned_epoch=$(date -d "$pinned" +%s)
real_epoch=$(date +%s)
if [[ $(date -d "@$pinned_epoch" +%F) = $(date -d "@$real_epoch" +%F) ]] &&
    ((real_epoch >= pinned_epoch)); then
    now_epoch=$pinned_epoch
    clock="pinned: BACKWALK_NOW=$pinned, and the real clock ($(date -d "@$real_epoch" +%FT%T%:z)) is later on the same day, so the peers' current day and week hold the same walks"
else
    now_epoch=$real_epoch
    clock="the real clock: BENCH_NOW ($pinned) is not earlier on the current day, so every history ends at the real now and BACKWALK_NOW is that moment"
fi
export BACKWALK_NOW
BACKWALK_NOW=$(date -d "@$now_epoch" +%FT%T%:z)
day_before=$(date +%F)
# The walk the peers log: 18:00-18:08 for the pinned 18:30, kept free in
# every history (a minute of margin for a now with seconds).
logged_from=$(date -d "@$((now_epoch - 30 * 60))" +%FT%H:%M)
logged_to=$(date -d "@$((now_epoch - 22 * 60))" +%FT%H:%M)
free_minutes=31

# The ranges of the default `report` (the current ISO week and the 3
# before it) and of the default `calendar` (the current ISO week and the 52
# before it), up to today (the report's last period ends on Sunday), for the peers' summaries of the same days.
today=$(date -d "@$now_epoch" +%F)
tomorrow=$(date -d "$today +1 day" +%F)
monday=$(date -d "$today -$(($(date -d "$today" +%u) - 1)) days" +%F)
report_from=$(date -d "$monday -21 days" +%F)
sunday=$(date -d "$monday +6 days" +%F)
calendar_from=$(date -d "$monday -364 days" +%F)
calendar_days=$((($(date -u -d "$today" +%s) - $(date -u -d "$calendar_from" +%s)) / 86400 + 1))
# `stop`: every tool's timer runs 8 minutes. backwalk's starts 8 minutes
# before its now (its clock has seconds, and it times the walk itself); the
# peers' start at the minute `log` uses and are stopped 8 minutes later.
timer_from=$(date -d "@$((now_epoch - 8 * 60))" +%FT%T%:z)

# The commands, as hyperfine runs them (no shell: no quoting needed).
# operation, tool, command line. The operations are backwalk's; a peer's
# entry is named for what it does (`day`, `week`, `weeks4`, `year`,
# `status`), and peers_table.py sets each backwalk command against its
# nearest.
plan=(
    "log|backwalk|$bin log 8 --steps 300"
    "log|timew|$timew track $logged_from - $logged_to backwalk"
    "log|watson|$watson add -f $logged_from -t $logged_to backwalk"
    "stop|backwalk|$bin stop --steps 300"
    "stop|timew|$timew stop $logged_to"
    "stop|watson|$watson stop --at $logged_to"
    "status|backwalk|$bin status"
    "today|backwalk|$bin today"
    "week|backwalk|$bin week"
    "plan|backwalk|$bin plan"
    "report|backwalk|$bin report"
    "calendar|backwalk|$bin calendar"
    "export|backwalk|$bin export"
    "day|timew|$timew summary :day"
    "week|timew|$timew summary :week"
    "weeks4|timew|$timew summary $report_from - $tomorrow"
    "year|timew|$timew summary $calendar_from - $tomorrow"
    "export|timew|$timew export"
    "status|watson|$watson status"
    "day|watson|$watson report --day"
    "week|watson|$watson report --week"
    "weeks4|watson|$watson report --from $report_from --to $today"
    "year|watson|$watson report --from $calendar_from --to $today"
    "export|watson|$watson log --all --json"
)

load() { cut -d' ' -f1-3 /proc/loadavg; }
load_before=$(load)
results="$out/peers.tsv"
: >"$results"
walks_today=""

# Peak RSS in KiB of a command line: the median of three runs, each after
# `prepare` (if any). A run that fails stops the benchmark: the time of an
# error exit measures nothing.
peak_rss() {
    local prepare=$1 line=$2 samples=() argv
    read -r -a argv <<<"$line"
    for _ in 1 2 3; do
        if [[ -n $prepare ]]; then bash "$prepare"; fi
        if ! /usr/bin/time -f %M -o "$work/rss" "${argv[@]}" >/dev/null 2>"$work/rss-stderr"; then
            say "error: '$line' failed:"
            cat "$work/rss-stderr" >&2
            exit 1
        fi
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
is_write() { [[ $1 = log || $1 = stop ]]; }
belongs() { if [[ $1 = write ]]; then is_write "$2"; else ! is_write "$2"; fi; }

# How many sessions a tool holds, in the folders `use` chose.
count() {
    case $1 in
        backwalk) "$bin" export ;;
        timew) "$timew" export ;;
        watson) "$watson" log --all --json ;;
    esac | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

# Seconds walked in a range, as each tool gives them. Timewarrior's
# summary ends with a line H:MM:SS (none: nothing in the range).
timew_seconds() {
    "$timew" summary "$@" | python3 -c '
import re, sys
totals = [l.strip() for l in sys.stdin if re.fullmatch(r"\s*\d+:\d\d:\d\d\s*", l)]
h, m, s = totals[-1].split(":") if totals else (0, 0, 0)
print(int(h) * 3600 + int(m) * 60 + int(s))'
}
watson_seconds() {
    "$watson" report --json "$@" | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["time"]))'
}
# backwalk COMMAND, and a Python expression of minutes over its JSON `d`.
backwalk_seconds() {
    "$bin" --json "$1" | python3 -c "import json,sys; d = json.load(sys.stdin); print(round(60 * ($2)))"
}

# The three hold the same history: N sessions each, and the same seconds
# walked today, this week, over the default report's 4 weeks and over the
# default calendar's 53; backwalk's calendar has its days, its report its
# 4 periods.
check() {
    local size=$1 counts day week weeks4 year shape
    counts="$(count backwalk) $(count timew) $(count watson)"
    day="$(backwalk_seconds today 'd["minutes"]') $(timew_seconds :day) $(watson_seconds --day)"
    week="$(backwalk_seconds week 'd["totals"]["minutes"]') $(timew_seconds :week) $(watson_seconds --week)"
    weeks4="$(backwalk_seconds report 'd["totals"]["minutes"]') $(timew_seconds "$report_from" - "$tomorrow")"
    weeks4+=" $(watson_seconds --from "$report_from" --to "$today")"
    year="$(backwalk_seconds calendar 'sum(day["minutes"] for day in d["days"])')"
    year+=" $(timew_seconds "$calendar_from" - "$tomorrow") $(watson_seconds --from "$calendar_from" --to "$today")"
    shape="$("$bin" --json calendar | python3 -c 'import json,sys; d = json.load(sys.stdin); print(len(d["days"]), d["from"], d["to"])')"
    shape+=" $("$bin" --json report | python3 -c 'import json,sys; d = json.load(sys.stdin); print(len(d["periods"]), d["from"], d["to"])')"
    walks_today+=" $size: $("$bin" --json today | python3 -c 'import json,sys; print(json.load(sys.stdin)["sessions"])');"
    say "  sessions (backwalk, timew, watson): $counts; seconds today: $day; this week: $week;"
    say "  the report's 4 weeks: $weeks4; the calendar's 53 weeks: $year"
    say "  calendar (days, from, to) and report (periods, from, to): $shape"
    python3 - "$size" "$counts" "$day" "$week" "$weeks4" "$year" "$shape" \
        "$calendar_days $calendar_from $today 4 $report_from $sunday" <<'EOF'
import sys
size, counts = int(sys.argv[1]), [int(c) for c in sys.argv[2].split()]
if any(c != size for c in counts):
    sys.exit(f"error: the tools do not all hold {size} sessions: {counts}")
for name, text in zip(["today", "this week", "over the report's weeks", "over the calendar's weeks"],
                      sys.argv[3:7]):
    totals = [int(t) for t in text.split()]
    # backwalk gives minutes to the hundredth: under a second a day apart.
    if max(totals) - min(totals) > 371:
        sys.exit(f"error: the tools disagree on the seconds walked {name}: {totals}")
if sys.argv[7] != sys.argv[8]:
    sys.exit(f"error: backwalk's calendar and report cover {sys.argv[7]}, not {sys.argv[8]}")
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

    # Fresh copies before every write, so the history stays at $size; for
    # `stop`, a timer started in the copy.
    for operation in log stop; do
        for tool in backwalk timew watson; do
            case $tool in
                # The copy is a new file, which its index does not describe:
                # `status` rebuilds the index as any earlier command would
                # have (and `start` writes a new store and its index).
                backwalk)
                    what="cp '$pristine/sessions.json' '$scratch/sessions.json'"
                    case $operation in
                        log) what+=$'\n'"'$bin' status >/dev/null" ;;
                        stop) what+=$'\n'"BACKWALK_NOW='$timer_from' '$bin' start --surface grass >/dev/null" ;;
                    esac
                    ;;
                timew)
                    what="rm -rf '$scratch/timewarrior' && cp -a '$pristine/timewarrior' '$scratch/timewarrior'"
                    if [[ $operation = stop ]]; then what+=$'\n'"'$timew' start $logged_from backwalk >/dev/null"; fi
                    ;;
                watson)
                    what="rm -rf '$scratch/watson' && cp -a '$pristine/watson' '$scratch/watson'"
                    if [[ $operation = stop ]]; then what+=$'\n'"'$watson' start backwalk --at $logged_from >/dev/null"; fi
                    ;;
            esac
            printf 'set -e\nexport BACKWALK_STORE=%q TIMEWARRIORDB=%q WATSON_DIR=%q\n%s\n' \
                "$scratch/sessions.json" "$scratch/timewarrior" "$scratch/watson" "$what" \
                >"$work/$size/fresh-$operation-$tool.sh"
        done
    done

    # Every write once, checked: it succeeds and adds one session.
    use "$scratch"
    for entry in "${plan[@]}"; do
        IFS='|' read -r operation tool line <<<"$entry"
        is_write "$operation" || continue
        bash "$work/$size/fresh-$operation-$tool.sh"
        read -r -a argv <<<"$line"
        if ! "${argv[@]}" >/dev/null 2>"$work/trial-stderr"; then
            say "error: '$line' failed:"
            cat "$work/trial-stderr" >&2
            exit 1
        fi
        after=$(count "$tool")
        if ((after != size + 1)); then
            say "error: after '$line' $tool holds $after sessions, not $((size + 1))"
            exit 1
        fi
    done
    say "  each write tried once: it succeeded and added one session"

    for kind in write read; do
        hyperfine_args=(-N --warmup "$warmup" --min-runs "$runs" --style basic
            --export-json "$out/peers-$size-$kind.json")
        lines=()
        prepares=()
        for entry in "${plan[@]}"; do
            IFS='|' read -r operation tool line <<<"$entry"
            belongs "$kind" "$operation" || continue
            hyperfine_args+=(--command-name "$tool ${line#* }")
            lines+=("$line")
            if [[ $kind = write ]]; then
                prepares+=("$work/$size/fresh-$operation-$tool.sh")
                hyperfine_args+=(--prepare "bash $work/$size/fresh-$operation-$tool.sh")
            else
                prepares+=("")
            fi
        done
        if [[ $kind = write ]]; then use "$scratch"; else use "$pristine"; fi
        say "-- $kind commands (load average $(load))"
        # hyperfine stops at the first non-zero exit, of a command or of a
        # preparation.
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
day_after=$(date +%F)

# --- the table ---------------------------------------------------------------
{
    echo "## backwalk, Timewarrior and Watson on the same history"
    echo
    echo "- $built; finished $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "- $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(hyperfine --version)"
    echo "- $("$timew" --version | sed 's/^/Timewarrior /'), $("$watson" --version), $(python3 --version)"
    echo "- load average (1, 5, 15 min) before: $load_before; after: $load_after"
    echo "- clock: $clock; TZ=$TZ; seed=$seed; no walk before $since"
    echo "- walks today ($today), by size:${walks_today%;}"
    if [[ $day_before != "$day_after" ]]; then
        echo "- WARNING: the real day changed during the run ($day_before → $day_after): the peers' daily and weekly figures are not comparable"
    fi
    echo "- warmup $warmup, at least $runs runs per command; fresh copies before every write (and a timer started in them for \`stop\`)"
    echo
    python3 -B bench/peers_table.py "$results"
} | tee "$out/peers.md"
