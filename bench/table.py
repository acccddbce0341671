#!/usr/bin/env python3
"""The benchmark's Markdown table and its verdict on the targets.

usage: table.py RESULTS.tsv
Each line of RESULTS.tsv: sessions, store bytes, command (its first word
is backwalk's command), hyperfine JSON file, peak RSS in KiB (GNU time
%M). Prints the table, then one line per
target; exits 0 whatever the verdict (this is a measurement, not a test).
"""

import json
import sys

MB = 1024 * 1024  # sizes are in MiB, as GNU time reports KiB


def count(row):
    """10 000, the way the targets are written."""
    return f"{row['sessions']:,}".replace(",", " ")


def print_verdicts(verdicts):
    """The count of targets met, then each one missed."""
    failed = [text for ok, text in verdicts if not ok]
    print()
    print(f"Targets: {len(verdicts) - len(failed)} of {len(verdicts)} met.")
    for text in failed:
        print(f"- FAIL {text}")


def seconds_of(path):
    result = json.load(open(path))["results"][0]
    return result["median"], result["stddev"] or 0.0, result["min"], len(result["times"])


def main():
    rows = []
    for line in open(sys.argv[1]):
        sessions, size, command, hyperfine, rss_kb = line.rstrip("\n").split("\t")
        median, stddev, fastest, runs = seconds_of(hyperfine)
        rows.append({
            "sessions": int(sessions), "size": int(size), "command": command,
            "median_ms": median * 1000, "stddev_ms": stddev * 1000,
            "min_ms": fastest * 1000, "runs": runs, "peak_mb": int(rss_kb) / 1024,
        })
    by_key = {(r["sessions"], r["command"].split()[0]): r for r in rows}

    smallest = min(r["sessions"] for r in rows)

    def time_target(row):
        """(text, met) for every time target of the row."""
        name = row["command"].split()[0]
        limits = []
        everyday = name not in ("import", "undo")
        if row["sessions"] == 10_000 and name == "today":
            limits.append(("< 10 ms", row["median_ms"] < 10))
        if row["sessions"] == 10_000 and name == "log":
            limits.append(("< 20 ms", row["median_ms"] < 20))
        if row["sessions"] == 100_000 and everyday:
            limits.append(("< 300 ms", row["median_ms"] < 300))
        if row["sessions"] == 100_000 and name == "week" and (100_000, "today") in by_key:
            today = by_key[(100_000, "today")]["median_ms"]
            limits.append((f"≤ 1.5× today ({1.5 * today:.1f} ms)", row["median_ms"] <= 1.5 * today))
        # Issue "store rebuild".
        if row["sessions"] == 100_000 and name == "import":
            limits.append(("< 2 s (store rebuild)", row["median_ms"] < 2000))
        if row["sessions"] == 100_000 and name == "undo":
            limits.append(("< 1 s (store rebuild)", row["median_ms"] < 1000))
        # Issue "long view": a million sessions, in under 10 ms, with the
        # memory they take with a thousand.
        if row["sessions"] >= 1_000_000 and name in ("report", "calendar"):
            limits.append(("< 10 ms (long view)", row["median_ms"] < 10))
            small = by_key.get((smallest, name))
            if small is not None and smallest < row["sessions"]:
                limit = small["peak_mb"] + 1
                limits.append((f"flat memory: ≤ {limit:.1f} MiB, its peak at {count(small)} + 1 MiB (long view)",
                               row["peak_mb"] <= limit))
        return limits

    def memory_limit(row):
        return 4 * row["size"] / MB + 10

    print("| sessions | store file | command | median ms | σ ms | min ms | runs | peak MiB "
          "| targets | memory target (< 4 × store + 10 MiB) |")
    print("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    verdicts = []
    for row in rows:
        times = time_target(row)
        time_text = "; ".join(f"{text} {'✓' if ok else '✗'}" for text, ok in times) or "—"
        limit = memory_limit(row)
        memory_ok = row["peak_mb"] < limit
        print(f"| {count(row)} | {row['size'] / MB:.2f} MiB | `{row['command']}` "
              f"| {row['median_ms']:.1f} | {row['stddev_ms']:.1f} | {row['min_ms']:.1f} | {row['runs']} "
              f"| {row['peak_mb']:.1f} | {time_text} | < {limit:.1f} MiB {'✓' if memory_ok else '✗'} |")
        for text, ok in times:
            verdicts.append((ok, f"{count(row)} sessions, `{row['command']}`: "
                                 f"{row['median_ms']:.1f} ms, {row['peak_mb']:.1f} MiB; target {text}"))
        verdicts.append((memory_ok, f"{count(row)} sessions, `{row['command']}`: "
                                    f"{row['peak_mb']:.1f} MiB peak, target < {limit:.1f} MiB"))
    print_verdicts(verdicts)


if __name__ == "__main__":
    main()
