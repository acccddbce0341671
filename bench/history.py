#!/usr/bin/env python3
"""Synthetic walking histories for the benchmark, loaded into a store.

One or two walks a day (now and then a rest day), going back in time from
BACKWALK_NOW, in the zone given by TZ: mornings and evenings, durations that
grow from the plan's 5 minutes and then vary, steps that follow the minutes,
a mix of surfaces, inclines on treadmills and trails, and notes of every
length (none, short, unicode, long enough to be cut by `list`). The same
seed always gives the same history.

Loading: all but the most recent 20 walks go in with one `backwalk import`;
the last 20 are entered with `backwalk log --at`, the way a person adds them.
So the store ends with exactly N sessions and an undo history of 20 small
`log` entries, as after daily use (a single import would leave one undo
entry listing every id, which no long-used store has).

usage: history.py --sessions N --backwalk BIN --store FILE [--seed S]
Reads BACKWALK_NOW and TZ from the environment, as backwalk does.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

LOGGED = 20  # the most recent walks, entered one by one with `log`

SURFACES = [
    ("grass", 24), ("track", 18), ("treadmill", 16), ("pavement", 14),
    ("indoor", 10), ("trail", 8), ("sand", 5), ("other", 5),
]
SHORT_NOTES = [
    "easy", "felt steady", "windy", "slow and careful", "with Anna",
    "after work", "knee fine", "sore calves", "sunny", "light rain",
    "looked back every 10 steps", "new shoes", "a bit dizzy, stopped early",
]
UNICODE_NOTES = [
    "café loop — sunny ☀", "Straße am Park, glatt", "über die Wiese 🌿",
    "pas à pas, très lent", "雨の後、ゆっくり",
]
LONG_WORDS = (
    "kept small steps on the ball of the foot then rolled to the heel "
    "checked over the left shoulder every few steps the path was clear "
    "a dog walker passed twice posture upright arms loose breathing easy"
).split()


def offset_text(moment):
    """RFC 3339 offset in whole minutes (old LMT offsets have seconds)."""
    minutes = int(moment.utcoffset().total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"


def stamp(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + offset_text(moment)


def note_for(rng):
    roll = rng.random()
    if roll < 0.55:
        return None
    if roll < 0.85:
        return rng.choice(SHORT_NOTES)
    if roll < 0.93:
        return rng.choice(UNICODE_NOTES)
    words = [rng.choice(LONG_WORDS) for _ in range(rng.randint(20, 70))]
    return " ".join(words)[:500]


def walk(rng, start, age_days, total_days):
    """One session; `age_days` counts back from today."""
    # The plan's early weeks: 5–7 minutes; later anything from 4 to 20.
    progress = 1 - age_days / max(total_days, 1)
    if progress < 0.002:
        seconds = rng.randint(5 * 60, 7 * 60)
    else:
        seconds = int(rng.triangular(4 * 60, 20 * 60, 9 * 60))
    surface = rng.choices([s for s, _ in SURFACES], [w for _, w in SURFACES])[0]
    steps = None if rng.random() < 0.05 else max(0, int(seconds / 60 * rng.gauss(38, 6)))
    incline = None
    if surface == "treadmill" and rng.random() < 0.7:
        incline = round(rng.choice([0, 1, 2, 2.5, 3, 4, 5, 6, 8, 10]), 1)
    elif surface == "trail" and rng.random() < 0.4:
        incline = round(rng.uniform(2, 12), 1)
    return {
        "start": stamp(start),
        "duration_seconds": seconds,
        "steps": steps,
        "surface": surface,
        "incline_percent": incline,
        "note": note_for(rng),
    }


def history(count, now, zone, seed):
    """`count` sessions in time order, the last ones today before `now`."""
    rng = random.Random(seed)
    # ~1.35 walks per walked day and ~7 % rest days: days needed, roughly.
    total_days = int(count / 1.35 / 0.93) + 1
    sessions = []
    day = now.date()
    age = 0
    while len(sessions) < count:
        rest = age > 0 and rng.random() < 0.07
        if not rest:
            walks = 2 if rng.random() < 0.35 else 1
            starts = []
            if walks == 2 or rng.random() < 0.6:
                starts.append((rng.randint(6, 8), rng.randint(0, 59)))
            if walks == 2 or not starts:
                starts.append((rng.randint(17, 19), rng.randint(0, 59)))
            for hour, minute in reversed(starts):
                local = datetime(day.year, day.month, day.day, hour, minute,
                                 rng.randint(0, 59), tzinfo=zone)
                session = walk(rng, local, age, total_days)
                end = local + timedelta(seconds=session["duration_seconds"])
                if end <= now and len(sessions) < count:
                    sessions.append(session)
        day -= timedelta(days=1)
        age += 1
    sessions.reverse()
    return sessions


def log_args(session):
    args = ["log", f"{session['duration_seconds']}s", "--at", session["start"],
            "--surface", session["surface"]]
    if session["steps"] is not None:
        args += ["--steps", str(session["steps"])]
    if session["incline_percent"] is not None:
        args += ["--incline", str(session["incline_percent"])]
    if session["note"] is not None:
        args += ["--note", session["note"]]
    return args


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, required=True)
    parser.add_argument("--backwalk", required=True, help="the binary")
    parser.add_argument("--store", required=True, help="the store to create")
    parser.add_argument("--seed", type=int, default=20261121)
    options = parser.parse_args()

    zone = ZoneInfo(os.environ.get("TZ", "UTC").lstrip(":"))
    now = datetime.fromisoformat(os.environ["BACKWALK_NOW"]).astimezone(zone)
    sessions = history(options.sessions, now, zone, options.seed)
    imported, logged = sessions[:-LOGGED], sessions[-LOGGED:]

    if os.path.exists(options.store):
        os.remove(options.store)
    env = dict(os.environ, BACKWALK_STORE=options.store, NO_COLOR="1")
    began = time.monotonic()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(imported, file, ensure_ascii=False, indent=0)
    try:
        if imported:
            subprocess.run([options.backwalk, "import", file.name], env=env, check=True,
                           stdout=subprocess.DEVNULL)
    finally:
        os.remove(file.name)
    import_seconds = time.monotonic() - began
    began = time.monotonic()
    for session in logged:
        subprocess.run([options.backwalk, *log_args(session)], env=env, check=True,
                       stdout=subprocess.DEVNULL)
    log_seconds = time.monotonic() - began
    print(f"  {options.sessions} sessions from {sessions[0]['start'][:10]} to "
          f"{sessions[-1]['start'][:10]}: import of {len(imported)} in {import_seconds:.2f} s, "
          f"{len(logged)} × log in {log_seconds:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
