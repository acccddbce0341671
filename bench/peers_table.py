#!/usr/bin/env python3
"""bench/peers.sh's Markdown tables and its verdict on the targets.

usage: peers_table.py PEERS.tsv
Each line of PEERS.tsv: sessions, operation, tool (backwalk, timew,
watson), command, hyperfine JSON file, the command's index in it, peak RSS
in KiB (GNU time %M). backwalk's operations are its commands (log, stop,
status, today, week, plan, report, calendar, export); a peer's are named
for what its command does (log, stop, status, day, week, weeks4, year,
export), and NEAREST sets each backwalk command against the nearest.
Prints the comparison, the spread of every command, then one line per
target missed; exits 0 whatever the verdict (a measurement, not a test).
"""

import json
import sys

from table import count, print_verdicts

OPERATIONS = ["log", "stop", "status", "today", "week", "plan", "report", "calendar", "export"]
EVERYDAY = {"log", "stop", "status", "today", "week", "plan", "report", "calendar"}
# The writes peers.sh times (edit and morning write as they do).
WRITES = {"log", "stop"}
# backwalk's command → the peers' nearest (Timewarrior, Watson). Neither
# peer has a plan: `plan` is set against the weekly summary.
NEAREST = {
    "log": ("log", "log"),
    "stop": ("stop", "stop"),
    "status": ("day", "status"),
    "today": ("day", "day"),
    "week": ("week", "week"),
    "plan": ("week", "week"),
    "report": ("weeks4", "weeks4"),
    "calendar": ("year", "year"),
    "export": ("export", "export"),
}
TOOLS = {"backwalk": "backwalk", "timew": "Timewarrior", "watson": "Watson"}
# Timewarrior's commands, as the targets name them.
TIMEW_NAMES = {
    "log": "`track`", "stop": "`stop`", "day": "`summary :day`", "week": "`summary :week`",
    "weeks4": "the 4 weeks' `summary`", "year": "the 53 weeks' `summary`", "export": "`export`",
}


def time_targets(sessions, operation):
    """(Timewarrior operation, limit on backwalk ÷ it, where the target is
    written) for every time target of this row."""
    targets = []
    # Issue "store rebuild".
    if operation in ("status", "today", "week"):
        targets.append(("week", 1.0, "store rebuild"))
    # The writes' own sentence (README, "Performance"): durable, within
    # Timewarrior's time at 1 000 and 10 000 walks, at most twice it at
    # 100 000 (every write copies the store and syncs it; Timewarrior
    # appends without syncing).
    if operation in WRITES:
        targets.append((operation, 1.0 if sessions < 100_000 else 2.0, "writes"))
    # Issue "long view".
    if operation in ("report", "calendar") and sessions >= 100_000:
        targets.append(("week", 1.0, "long view"))
    # The promise (README, "Performance"): at 100 000 every everyday command within Timewarrior's
    # time for its nearest command; the writes have their own sentence, above.
    if operation in EVERYDAY and operation not in WRITES and sessions >= 100_000:
        nearest = NEAREST[operation][0]
        if not any(peer == nearest and limit == 1.0 for peer, limit, _ in targets):
            targets.append((nearest, 1.0, "PRODUCT"))
    return targets


def read(path):
    rows = {}
    for line in open(path, encoding="utf-8"):
        sessions, operation, tool, command, hyperfine, index, rss_kb = line.rstrip("\n").split("\t")
        result = json.load(open(hyperfine))["results"][int(index)]
        rows[(int(sessions), operation, tool)] = {
            "sessions": int(sessions), "operation": operation, "tool": tool,
            "command": command, "median_ms": result["median"] * 1000,
            "stddev_ms": (result["stddev"] or 0.0) * 1000, "min_ms": result["min"] * 1000,
            "runs": len(result["times"]), "peak_mb": int(rss_kb) / 1024,
        }
    return rows


def ms(value):
    return f"{value:.1f}" if value < 1000 else f"{value:,.0f}".replace(",", " ")


def ratio_text(ratio):
    return f"{ratio:.2g}×" if ratio < 0.1 else f"{ratio:.2f}×"


def main():
    rows = read(sys.argv[1])
    sizes = sorted({key[0] for key in rows})

    print("Each backwalk command against the peers' nearest (neither peer has a plan: "
          "`plan` is set against the weekly summary):")
    print()
    print("| operation | backwalk | Timewarrior 1.4 | Watson 2.1 |")
    print("| --- | --- | --- | --- |")
    for operation in OPERATIONS:
        ours = rows.get((sizes[0], operation, "backwalk"))
        if ours is None:
            continue
        peers = [rows.get((sizes[0], peer, tool)) for peer, tool in zip(NEAREST[operation], ("timew", "watson"))]
        print(f"| {operation} | `{ours['command']}` | "
              + " | ".join(f"`{row['command']}`" if row else "—" for row in peers) + " |")
    print()

    print("| sessions | operation | backwalk ms | Timewarrior ms | Watson ms "
          "| backwalk ÷ Timewarrior | backwalk ÷ Watson "
          "| backwalk MiB | Timewarrior MiB | Watson MiB | targets |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    verdicts = []
    for sessions in sizes:
        for operation in OPERATIONS:
            ours = rows.get((sessions, operation, "backwalk"))
            if ours is None:
                continue
            timew = rows.get((sessions, NEAREST[operation][0], "timew"))
            watson = rows.get((sessions, NEAREST[operation][1], "watson"))
            cells = [ratio_text(ours["median_ms"] / peer["median_ms"]) if peer else "—"
                     for peer in (timew, watson)]
            targets = []
            for peer_operation, limit, source in time_targets(sessions, operation):
                peer = rows.get((sessions, peer_operation, "timew"))
                if peer is None:
                    continue
                ratio = ours["median_ms"] / peer["median_ms"]
                label = f"≤ {limit:g} × {TIMEW_NAMES[peer_operation]} ({source})"
                targets.append((ratio <= limit, label,
                                f"time {ratio:.2f} × Timewarrior's `{peer['command']}` "
                                f"({ms(ours['median_ms'])} vs {ms(peer['median_ms'])} ms), "
                                f"target ≤ {limit:g} × ({source})"))
            if operation in EVERYDAY and timew is not None:
                ok = ours["peak_mb"] <= timew["peak_mb"]
                targets.append((ok, "memory ≤ Timewarrior (store rebuild)",
                                f"peak {ours['peak_mb']:.1f} MiB vs Timewarrior's "
                                f"{timew['peak_mb']:.1f} MiB, target ≤ (store rebuild)"))
            target_text = "; ".join(f"{text} {'✓' if ok else '✗'}" for ok, text, _ in targets)
            times = [ms(row["median_ms"]) if row else "—" for row in (ours, timew, watson)]
            peaks = [f"{row['peak_mb']:.1f}" if row else "—" for row in (ours, timew, watson)]
            print(f"| {count(ours)} | {operation} | {' | '.join(times)} | {cells[0]} | {cells[1]} "
                  f"| {' | '.join(peaks)} | {target_text or '—'} |")
            for ok, _, detail in targets:
                verdicts.append((ok, f"{count(ours)} sessions, `{ours['command']}`: {detail}"))

    print()
    print("Spread of every measurement:")
    print()
    print("| sessions | command | median ms | σ ms | min ms | runs | peak MiB |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for row in sorted(rows.values(), key=lambda r: (r["sessions"], list(TOOLS).index(r["tool"]))):
        print(f"| {count(row)} | `{row['command']}` | {ms(row['median_ms'])} | {ms(row['stddev_ms'])} "
              f"| {ms(row['min_ms'])} | {row['runs']} | {row['peak_mb']:.1f} |")

    print_verdicts(verdicts)


if __name__ == "__main__":
    main()
