#!/usr/bin/env python3
"""Two devices' versions of one store, for bench/merge.sh.

Reads BASE (a store file) and writes OURS and THEIRS: each side logs new
walks (whose ids collide, as two devices' do), edits walks (different
fields on each side, and the same field to different values on some, which
are conflicts), removes walks, and changes the goals from a day on. The
same seed always gives the same sides.

usage: merge_sides.py BASE OURS THEIRS [--changes N] [--seed S]
"""

import argparse
import copy
import datetime
import json
import random


def side(base, rng, changes, field, value, tag):
    doc = copy.deepcopy(base)
    sessions = doc["sessions"]
    doc["undo"], doc["redo"] = [], []
    # Edits: one field on this side; the first tenth also change the note,
    # which the other side changes too (a conflict each).
    for index in rng.sample(range(len(sessions)), changes):
        sessions[index][field] = value(rng)
    for index in range(0, len(sessions), max(1, len(sessions) // (changes // 10 or 1))):
        sessions[index]["note"] = f"edited on {tag}"
    # Removals.
    for index in sorted(rng.sample(range(len(sessions)), changes // 5), reverse=True):
        del sessions[index]
    # New walks after the last one, under the same new ids on both sides.
    last = max(s["start"] for s in sessions)
    year = int(last[:4]) + 1
    for n in range(changes // 5):
        slot = n if tag == "ours" else n + 30000
        sessions.append({
            "id": doc["next_id"],
            "start": start(year, slot),
            "duration_seconds": 300,
            "surface": "grass" if tag == "ours" else "sand",
        })
        doc["next_id"] += 1
    sessions.sort(key=lambda s: s["start"])
    doc["goals"].append({
        "from": f"{year}-01-01",
        "minutes": {"min": 6, "max": 10} if tag == "ours" else doc["goals"][-1]["minutes"],
        "steps": doc["goals"][-1]["steps"],
        "weight_kg": 80.0 if tag == "theirs" else doc["goals"][-1]["weight_kg"],
    })
    return doc


def start(year, slot):
    """The start of the `slot`th 10 minutes of the year (walks last 5)."""
    t = datetime.datetime(year, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(minutes=10 * slot)
    return t.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("ours")
    parser.add_argument("theirs")
    parser.add_argument("--changes", type=int, default=500)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    with open(args.base, encoding="utf-8") as f:
        base = json.load(f)
    rng = random.Random(args.seed)
    ours = side(base, rng, args.changes, "pain", lambda r: r.randint(0, 10), "ours")
    theirs = side(base, rng, args.changes, "steps", lambda r: r.randint(100, 900), "theirs")
    for path, doc in ((args.ours, ours), (args.theirs, theirs)):
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
