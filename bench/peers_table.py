#!/usr/bin/env python3
"""bench/peers.sh's Markdown tables and its verdict on the targets.

usage: peers_table.py PEERS.tsv
Each line of PEERS.tsv: sessions, operation (log, week, today, status,
export), tool (backwalk, timew, watson), command, hyperfine JSON file, the
command's index in it, peak RSS in KiB (GNU time %M). `today` and `status`
have no peer commands of their own: they are set against the peers' weekly
summaries. Prints the comparison, the spread of every command, then one
line per target missed; exits 0 whatever the verdict (a measurement, not a
test).
"""

import json
import sys

from table import count, print_verdicts

OPERATIONS = ["log", "week", "today", "status", "export"]
PEER_OPERATION = {"today": "week", "status": "week"}  # what they are set against
TOOLS = {"backwalk": "backwalk", "timew": "Timewarrior", "watson": "Watson"}
WATSON_SHARE = 0.02


def timew_limit(sessions, operation):
    """backwalk ÷ Timewarrior time allowed, or None where none is set."""
    if operation in ("week", "today", "status"):
        return 1.0
    if operation == "log":
        return 1.0 if sessions < 10_000 else 3.0 if sessions < 100_000 else 10.0
    return None


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


def main():
    rows = read(sys.argv[1])
    sizes = sorted({key[0] for key in rows})

    print("Commands (`today` and `status` are set against the peers' weekly summaries):")
    print()
    print("| operation | backwalk | Timewarrior 1.4 | Watson 2.1 |")
    print("| --- | --- | --- | --- |")
    for operation in OPERATIONS:
        peer_operation = PEER_OPERATION.get(operation, operation)
        commands = [rows.get((sizes[0], operation if tool == "backwalk" else peer_operation, tool))
                    for tool in TOOLS]
        if commands[0] is None:
            continue
        print(f"| {operation} | " + " | ".join(
            f"`{row['command']}`" if row else "—" for row in commands) + " |")
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
            peer_operation = PEER_OPERATION.get(operation, operation)
            timew = rows.get((sessions, peer_operation, "timew"))
            watson = rows.get((sessions, peer_operation, "watson"))
            targets = []
            cells = []
            for peer, limit in ((timew, timew_limit(sessions, operation)), (watson, WATSON_SHARE)):
                if peer is None:
                    cells.append("—")
                    continue
                ratio = ours["median_ms"] / peer["median_ms"]
                cells.append(f"{ratio:.2g}×" if ratio < 0.1 else f"{ratio:.2f}×")
                if limit is not None:
                    name = TOOLS[peer["tool"]]
                    targets.append((ratio <= limit, f"≤ {limit:g} × {name}",
                                    f"time {ratio:.3f} × {name}'s `{peer['command']}` "
                                    f"({ms(ours['median_ms'])} vs {ms(peer['median_ms'])} ms)"))
            peaks = [row["peak_mb"] for row in (timew, watson) if row is not None]
            if peaks:
                lowest = ours["peak_mb"] < min(peaks)
                targets.append((lowest, "lowest memory",
                                f"peak {ours['peak_mb']:.1f} MiB vs "
                                + ", ".join(f"{TOOLS[r['tool']]} {r['peak_mb']:.1f}"
                                            for r in (timew, watson) if r is not None)))
            target_text = ", ".join(f"{text} {'✓' if ok else '✗ FAIL'}" for ok, text, _ in targets)
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
    for row in sorted(rows.values(), key=lambda r: (r["sessions"], list(TOOLS).index(r["tool"]),
                                                     OPERATIONS.index(r["operation"]))):
        print(f"| {count(row)} | `{row['command']}` | {ms(row['median_ms'])} | {ms(row['stddev_ms'])} "
              f"| {ms(row['min_ms'])} | {row['runs']} | {row['peak_mb']:.1f} |")

    print_verdicts(verdicts)


if __name__ == "__main__":
    main()
