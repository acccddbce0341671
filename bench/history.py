#!/usr/bin/env python3
"""Synthetic walking histories for the benchmark, loaded into a store.

One or two walks a day (now and then a rest day), going back in time from
BACKWALK_NOW, in the zone given by TZ: mornings and evenings, durations that
grow from the plan's 5 minutes and then vary, steps that follow the minutes,
a mix of surfaces, inclines on treadmills and trails, and notes of every
length (none, short, unicode, long enough to be cut by `list`). The same
seed always gives the same history.

Loading into backwalk: all but the most recent 20 walks go in with one
`backwalk import`; the last 20 are entered with `backwalk log --at`, the way
a person adds them. So the store ends with exactly N sessions and an undo
history of 20 small `log` entries, as after daily use (a single import would
leave one undo entry listing every id, which no long-used store has).

The same history can also be written in the peers' own formats, for
bench/peers.sh: a Timewarrior database (`--timewarrior DIR`: the monthly
`data/YYYY-MM.data` files, `tags.data` and an empty `timewarrior.cfg`, as
`timew track` leaves them) and a Watson folder (`--watson DIR`: its `frames`
file, as `watson add` leaves it). A session becomes an interval tagged
`backwalk` and its surface, its note the annotation; a Watson frame of
project `backwalk` tagged with the surface (Watson 2.1 keeps no notes).
Neither peer has a place for steps or inclines.

`--since DATE` keeps the history after that date (Timewarrior refuses years
before 1969, Watson's `--all` starts at 1970): when N walks at the usual
pace do not fit, the days get more walks, spread from 06:00 to 22:00.
`--free-minutes M` leaves the last M minutes before now empty, so a peer
that refuses overlapping intervals can log a walk there.

usage: history.py --sessions N [--seed S] [--since DATE] [--free-minutes M]
                  [--backwalk BIN --store FILE] [--timewarrior DIR] [--watson DIR]
Reads BACKWALK_NOW and TZ from the environment, as backwalk does.
"""

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta, timezone
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
    # The year by hand: strftime writes year 42 as "42", not "0042".
    return f"{moment.year:04d}" + moment.strftime("-%m-%dT%H:%M:%S") + offset_text(moment)


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
    # How the body felt after the walk: often not recorded, mostly low.
    pain = None if rng.random() < 0.6 else min(10, int(rng.expovariate(0.5)))
    return {
        "start": stamp(start),
        "duration_seconds": seconds,
        "steps": steps,
        "surface": surface,
        "incline_percent": incline,
        "pain": pain,
        "note": note_for(rng),
    }


def usual_starts(rng):
    """One or two walks: morning, evening or both; (hour, minute) pairs."""
    walks = 2 if rng.random() < 0.35 else 1
    starts = []
    if walks == 2 or rng.random() < 0.6:
        starts.append((rng.randint(6, 8), rng.randint(0, 59)))
    if walks == 2 or not starts:
        starts.append((rng.randint(17, 19), rng.randint(0, 59)))
    return starts


def dense_starts(rng, per_day):
    """About `per_day` walks, one in each of equal windows from 06:00 to
    22:00, early enough in its window that walks never overlap."""
    walks = int(per_day) + (1 if rng.random() < per_day - int(per_day) else 0)
    walks = max(walks, 1)
    window = 16 * 60 // walks
    starts = []
    for slot in range(walks):
        minute = 6 * 60 + slot * window + rng.randint(0, max(window - 25, 0))
        starts.append(divmod(minute, 60))
    return starts


def history(count, now, zone, seed, since=None, free_minutes=0):
    """`count` sessions in time order, the last ones today, ending at least
    `free_minutes` before `now`, none before the date `since`."""
    rng = random.Random(seed)
    # ~1.35 walks per walked day and ~7 % rest days: days needed, roughly.
    total_days = int(count / 1.35 / 0.93) + 1
    per_day = None
    if since is not None:
        available = (now.date() - since).days - 1
        if available < 1:
            raise SystemExit(f"error: no days between --since {since} and now")
        if total_days > available:
            per_day = count / available / 0.93 * 1.02
            total_days = available
    latest_end = now - timedelta(minutes=free_minutes)
    sessions = []
    day = now.date()
    age = 0
    while len(sessions) < count:
        if since is not None and day <= since:
            raise SystemExit(f"error: {count} sessions do not fit after {since}")
        rest = age > 0 and rng.random() < 0.07
        if not rest:
            starts = usual_starts(rng) if per_day is None else dense_starts(rng, per_day)
            for hour, minute in reversed(starts):
                local = datetime(day.year, day.month, day.day, hour, minute,
                                 rng.randint(0, 59), tzinfo=zone)
                session = walk(rng, local, age, total_days)
                end = local + timedelta(seconds=session["duration_seconds"])
                if end <= latest_end and len(sessions) < count:
                    sessions.append(session)
        day -= timedelta(days=1)
        age += 1
    sessions.reverse()
    return sessions


def span(session):
    """The session's start and end as aware datetimes (the offset written)."""
    start = datetime.fromisoformat(session["start"])
    return start, start + timedelta(seconds=session["duration_seconds"])


def write_timewarrior(sessions, folder, zone):
    """A Timewarrior 1.4 database as `timew track` and `timew annotate`
    leave it: `inc START - END # TAGS # "ANNOTATION"` lines in UTC, sorted,
    one file per local month of the start; `tags.data` counts the tags."""
    data = os.path.join(folder, "data")
    os.makedirs(data, mode=0o700, exist_ok=True)
    os.makedirs(os.path.join(folder, "extensions"), mode=0o700, exist_ok=True)
    with open(os.path.join(folder, "timewarrior.cfg"), "w", encoding="utf-8"):
        pass  # timew creates it empty: every setting at its default
    months = {}
    tags = {"backwalk": 0}
    for session in sessions:
        start, end = span(session)
        utc = "%Y%m%dT%H%M%SZ"
        line = (f"inc {start.astimezone(timezone.utc).strftime(utc)} - "
                f"{end.astimezone(timezone.utc).strftime(utc)} # backwalk {session['surface']}")
        if session["note"] is not None:
            line += " # " + json.dumps(session["note"], ensure_ascii=False)
        month = start.astimezone(zone).strftime("%Y-%m")
        months.setdefault(month, []).append(line)
        tags["backwalk"] += 1
        tags[session["surface"]] = tags.get(session["surface"], 0) + 1
    for month, lines in months.items():
        with open(os.path.join(data, f"{month}.data"), "w", encoding="utf-8") as file:
            file.write("\n".join(lines) + "\n")
    with open(os.path.join(data, "tags.data"), "w", encoding="utf-8") as file:
        file.write("{\n" + ",\n".join(f'  "{tag}":{{"count":{n}}}' for tag, n in sorted(tags.items()))
                   + "\n}")


def write_watson(sessions, folder, seed):
    """Watson 2.1's `frames` file as `watson add` leaves it: a JSON list of
    [start, stop, project, id, tags, updated_at] (Unix seconds, a uuid4 in
    hex), indented by one space."""
    os.makedirs(folder, mode=0o700, exist_ok=True)
    ids = random.Random(seed ^ 0x5A7C0)
    frames = []
    for session in sessions:
        start, end = span(session)
        frame_id = uuid.UUID(int=ids.getrandbits(128), version=4).hex
        stop = int(end.timestamp())
        frames.append([int(start.timestamp()), stop, "backwalk", frame_id,
                       [session["surface"]], stop])
    with open(os.path.join(folder, "frames"), "w", encoding="utf-8") as file:
        file.write(json.dumps(frames, indent=1, ensure_ascii=False))


def write_csv(sessions, path):
    """The history as a spreadsheet keeps it, newest walk first: a `start`
    and a `duration_seconds` column, then the optional ones; a missing
    value is an empty cell. No id: `import` gives new ones."""
    columns = ["start", "duration_seconds", "steps", "surface", "incline_percent", "pain", "note"]
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(columns)
        for session in reversed(sessions):
            writer.writerow(["" if session.get(c) is None else session[c] for c in columns])


def log_args(session):
    args = ["log", f"{session['duration_seconds']}s", "--at", session["start"],
            "--surface", session["surface"]]
    if session["steps"] is not None:
        args += ["--steps", str(session["steps"])]
    if session["incline_percent"] is not None:
        args += ["--incline", str(session["incline_percent"])]
    if session.get("pain") is not None:
        args += ["--pain", str(session["pain"])]
    if session["note"] is not None:
        args += ["--note", session["note"]]
    return args


def load_backwalk(sessions, binary, store):
    imported, logged = sessions[:-LOGGED], sessions[-LOGGED:]
    if os.path.exists(store):
        os.remove(store)
    env = dict(os.environ, BACKWALK_STORE=store, NO_COLOR="1")
    began = time.monotonic()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(imported, file, ensure_ascii=False, indent=0)
    try:
        if imported:
            subprocess.run([binary, "import", file.name], env=env, check=True,
                           stdout=subprocess.DEVNULL)
    finally:
        os.remove(file.name)
    import_seconds = time.monotonic() - began
    began = time.monotonic()
    for session in logged:
        subprocess.run([binary, *log_args(session)], env=env, check=True,
                       stdout=subprocess.DEVNULL)
    log_seconds = time.monotonic() - began
    return (f"import of {len(imported)} in {import_seconds:.2f} s, "
            f"{len(logged)} × log in {log_seconds:.2f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, required=True)
    parser.add_argument("--seed", type=int, default=20261121)
    parser.add_argument("--since", type=date.fromisoformat,
                        help="no walk on or before this date (YYYY-MM-DD)")
    parser.add_argument("--free-minutes", type=int, default=0,
                        help="no walk in the last M minutes before now")
    parser.add_argument("--backwalk", help="the binary (with --store)")
    parser.add_argument("--store", help="the backwalk store to create")
    parser.add_argument("--timewarrior", metavar="DIR", help="a TIMEWARRIORDB to create")
    parser.add_argument("--watson", metavar="DIR", help="a WATSON_DIR to create")
    parser.add_argument("--csv", metavar="FILE", help="a CSV file to create, newest walk first")
    options = parser.parse_args()
    if (options.backwalk is None) != (options.store is None):
        parser.error("--backwalk and --store go together")
    if not (options.store or options.timewarrior or options.watson or options.csv):
        parser.error("nothing to write: give --backwalk and --store, --timewarrior, --watson or --csv")

    zone = ZoneInfo(os.environ.get("TZ", "UTC").lstrip(":"))
    now = datetime.fromisoformat(os.environ["BACKWALK_NOW"]).astimezone(zone)
    sessions = history(options.sessions, now, zone, options.seed,
                       options.since, options.free_minutes)
    done = []
    if options.store:
        done.append(load_backwalk(sessions, options.backwalk, options.store))
    for folder in (options.timewarrior, options.watson, options.csv):
        if folder and os.path.exists(folder):
            raise SystemExit(f"error: {folder} exists; give a new one")
    if options.timewarrior:
        began = time.monotonic()
        write_timewarrior(sessions, options.timewarrior, zone)
        done.append(f"Timewarrior files in {time.monotonic() - began:.2f} s")
    if options.watson:
        began = time.monotonic()
        write_watson(sessions, options.watson, options.seed)
        done.append(f"Watson frames in {time.monotonic() - began:.2f} s")
    if options.csv:
        began = time.monotonic()
        write_csv(sessions, options.csv)
        done.append(f"CSV, newest first, in {time.monotonic() - began:.2f} s")
    print(f"  {options.sessions} sessions from {sessions[0]['start'][:10]} to "
          f"{sessions[-1]['start'][:10]}: {'; '.join(done)}", file=sys.stderr)


if __name__ == "__main__":
    main()
