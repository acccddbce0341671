//! The store's promises through its face, and the property that its
//! clever paths (the index, the splice) answer exactly as the plain ones.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::bail;
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Utc};
use proptest::prelude::*;

use super::*;
use crate::clock::tests::zone;
use crate::days::{Day, Span};
use crate::model::{Extra, GoalEntry, Goals, NewSession, Op, Range, Surface, Timer};
use crate::plan::History;

/// How many commits went through the splice (tests only).
pub static SPLICES: AtomicUsize = AtomicUsize::new(0);
/// How many reads were served by the index (tests only).
pub static INDEXED_READS: AtomicUsize = AtomicUsize::new(0);

fn clock_in(tz: &str) -> Clock {
    let now = DateTime::parse_from_rfc3339("2026-11-21T18:30:00+01:00").unwrap();
    Clock::new(now.with_timezone(&Utc), zone(tz))
}

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn walk(start: DateTime<FixedOffset>, seconds: u64) -> NewSession {
    NewSession {
        start,
        duration: WalkDuration::from_seconds(seconds).unwrap(),
        steps: Some(300),
        surface: Surface::Grass,
        incline_percent: None,
        pain: None,
        note: None,
    }
}

/// A fold that keeps every day.
#[derive(Default)]
struct Collect(Vec<Day>);

impl DayFold for Collect {
    fn day(&mut self, day: &Day) {
        self.0.push(*day);
    }
}

/// The key the store's index is sealed with (a forger who has it).
fn owner_key(store: &Store) -> Key {
    Key::new(file::read_key(&store.paths).expect("a key beside the store"))
}

fn read_days(store: &Store, shown: Option<(NaiveDate, NaiveDate)>) -> (Head, Vec<Day>, Vec<Session>) {
    let reading = store.read(shown, |_| Collect::default()).unwrap();
    (reading.head, reading.fold.0, reading.sessions)
}

fn log(store: &Store, new: NewSession) -> Result<Session> {
    store.update(|tx| {
        let session = tx.add(new)?;
        tx.record(
            format!("log #{}", session.id),
            vec![Op::Remove {
                ids: vec![session.id],
            }],
        );
        Ok(session)
    })
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[test]
fn a_missing_store_reads_as_empty_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock_in("Europe/Berlin");
    let store = Store::open(&dir.path().join("a/b/s.json"), &clock).unwrap();
    assert_eq!(store.load().unwrap(), Document::default());
    let (head, days, sessions) = read_days(&store, Some((date("2026-11-01"), date("2026-11-30"))));
    assert_eq!((head.next_id, days.len(), sessions.len()), (1, 0, 0));
    assert!(!dir.path().join("a").exists());
}

#[test]
fn logs_splice_once_an_index_exists_and_the_file_is_what_a_full_save_writes() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock_in("Europe/Berlin");
    let store = Store::open(&dir.path().join("s.json"), &clock).unwrap();
    log(&store, walk(at("2026-11-20T07:00:00+01:00"), 300)).unwrap();
    let before = SPLICES.load(Ordering::SeqCst);
    for start in [
        "2026-11-21T09:00:00+01:00",
        "2026-11-20T12:00:00+01:00",
        "2026-11-19T07:00:00+01:00",
        "2026-11-21T07:00:00+01:00",
        "2026-11-21T18:00:00+01:00",
    ] {
        log(&store, walk(at(start), 300)).unwrap();
        let bytes = fs::read(&store.paths.file).unwrap();
        let document = store.load().unwrap();
        assert_eq!(layout::encode(&document).bytes, bytes, "after {start}");
        // The index the splice wrote is the one a rebuild writes.
        let spliced = fs::read(store.paths.index()).unwrap();
        fs::remove_file(store.paths.index()).unwrap();
        store.read(None, |_| Collect::default()).unwrap();
        assert_eq!(fs::read(store.paths.index()).unwrap(), spliced, "after {start}");
    }
    assert!(
        SPLICES.load(Ordering::SeqCst) >= before + 5,
        "the logs were spliced"
    );
    let reads = INDEXED_READS.load(Ordering::SeqCst);
    log(&store, walk(at("2026-11-21T18:10:00+01:00"), 60)).unwrap();
    read_days(&store, Some((date("2026-11-21"), date("2026-11-21"))));
    assert!(
        INDEXED_READS.load(Ordering::SeqCst) > reads,
        "the writer's own index serves its next read"
    );
    let ids: Vec<u64> = store.load().unwrap().sessions.iter().map(|s| s.id).collect();
    assert_eq!(ids, [4, 1, 3, 5, 2, 6, 7]);
}

/// A fold that takes every span whole that it is offered.
#[derive(Default)]
struct TakeSpans {
    spans: Vec<Span>,
    days: Vec<Day>,
}

impl DayFold for TakeSpans {
    fn day(&mut self, day: &Day) {
        self.days.push(*day);
    }

    fn span(&mut self, span: &Span) -> bool {
        self.spans.push(*span);
        true
    }
}

#[test]
fn the_index_offers_whole_blocks_but_the_shown_days_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock_in("Europe/Berlin");
    let store = Store::open(&dir.path().join("s.json"), &clock).unwrap();
    // Ten days (blocks of three days in tests), two walks on the 5th.
    for (day, hour) in (1..=10).map(|day| (day, 7)).chain([(5, 18)]) {
        let start = at(&format!("2026-11-{day:02}T{hour:02}:00:00+01:00"));
        log(&store, walk(start, 300)).unwrap();
    }
    let document = store.load().unwrap();
    let all = from_document(&document, &clock, None, |_| Collect::default())
        .fold
        .0;
    let (file, metadata) = file::open_store(&store.paths).unwrap().unwrap();
    let identity = Identity::of(&metadata);
    // The days of November whose blocks are decoded, for each days shown.
    for (shown, decoded) in [
        (None, &[][..]),
        (Some(("2026-11-05", "2026-11-05")), &[4, 5, 6]),
        (Some(("2026-11-03", "2026-11-07")), &[1, 2, 3, 4, 5, 6, 7, 8, 9]),
        (Some(("2026-11-10", "2026-12-01")), &[10]),
        (Some(("2026-12-01", "2026-12-31")), &[]),
    ] {
        let shown = shown.map(|(first, last)| (date(first), date(last)));
        let reading = store
            .read_indexed(&file, &identity, shown, &mut |_| TakeSpans::default())
            .expect("the writer's own index serves the read");
        let days: Vec<Day> = all
            .iter()
            .filter(|day| decoded.contains(&day.date.day()))
            .copied()
            .collect();
        assert_eq!(reading.fold.days, days, "{shown:?}");
        let taken: u32 = reading.fold.spans.iter().map(|span| span.days).sum();
        assert_eq!(taken as usize + days.len(), all.len(), "{shown:?}");
        let expected = from_document(&document, &clock, shown, |_| Collect::default()).sessions;
        assert_eq!(reading.sessions, expected, "{shown:?}");
    }
}

#[test]
fn overlapping_walks_are_refused_on_both_paths() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock_in("Europe/Berlin");
    let store = Store::open(&dir.path().join("s.json"), &clock).unwrap();
    log(&store, walk(at("2026-11-20T23:30:00+01:00"), 3600)).unwrap();
    log(&store, walk(at("2026-11-19T07:00:00+01:00"), 300)).unwrap();
    let bytes = fs::read(&store.paths.file).unwrap();
    for (start, seconds) in [
        ("2026-11-21T00:10:00+01:00", 60),
        ("2026-11-20T23:00:00+01:00", 1801),
    ] {
        let refused = log(&store, walk(at(start), seconds)).unwrap_err();
        assert!(
            matches!(refused.downcast_ref::<Refusal>(), Some(Refusal::Overlap(Overlap::Session(s))) if s.id == 1),
            "{refused:#}"
        );
        assert_eq!(fs::read(&store.paths.file).unwrap(), bytes, "nothing written");
    }
    // Touching is not overlapping.
    log(&store, walk(at("2026-11-21T00:30:00+01:00"), 60)).unwrap();
    log(&store, walk(at("2026-11-20T23:00:00+01:00"), 1800)).unwrap();
}

#[test]
fn a_damaged_or_forged_index_is_never_believed_and_never_crashes() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock_in("Europe/Berlin");
    let store = Store::open(&dir.path().join("s.json"), &clock).unwrap();
    for day in 1..=9 {
        log(
            &store,
            walk(at(&format!("2026-11-0{day}T07:00:00+01:00")), 300 + day),
        )
        .unwrap();
    }
    let shown = Some((date("2026-11-03"), date("2026-11-05")));
    let truth = read_days(&store, shown);
    let good = fs::read(store.paths.index()).unwrap();
    let mut variants: Vec<Vec<u8>> = (0..good.len()).map(|cut| good[..cut].to_vec()).collect();
    for at in 0..good.len() {
        for bit in [0x01, 0x40, 0x80] {
            let mut forged = good.clone();
            forged[at] ^= bit;
            variants.push(forged);
        }
    }
    variants.push([good.clone(), vec![0xff; 100]].concat());
    for forged in variants {
        fs::write(store.paths.index(), &forged).unwrap();
        // A fresh handle: this process's own trust in its index is gone.
        let fresh = Store::open(&store.paths.given, &clock).unwrap();
        let fresh_read = read_days(&fresh, shown);
        assert_eq!(fresh_read.1, truth.1);
        assert_eq!(fresh_read.2, truth.2);
    }
}

#[test]
fn an_index_no_newer_than_its_store_is_not_believed() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock_in("Europe/Berlin");
    let store = Store::open(&dir.path().join("s.json"), &clock).unwrap();
    log(&store, walk(at("2026-11-20T07:00:00+01:00"), 360)).unwrap();
    let truth = read_days(&Store::open(&store.paths.given, &clock).unwrap(), None).1;
    // An index that matches the store's identity but whose totals differ
    // (as after a same-size change in place within one tick of a
    // one-second file system).
    let metadata = fs::metadata(&store.paths.file).unwrap();
    let identity = Identity::of(&metadata);
    let reader = store.index_for(&identity).unwrap();
    let (first_offset, head) = (reader.first_offset, reader.head.clone());
    let mut stale = truth[0];
    stale.seconds = 6;
    let len = identity.size() - first_offset - layout::SESSIONS_CLOSE.len() as u64;
    let mut writer = index::Writer::new(
        Vec::new(),
        owner_key(&store),
        &identity,
        clock.zone().fingerprint(),
        first_offset,
        None,
        &head,
    )
    .unwrap();
    writer.record(&Record { day: stale, len }).unwrap();
    fs::write(store.paths.index(), writer.finish().unwrap()).unwrap();
    let index_file = fs::File::options().write(true).open(store.paths.index()).unwrap();
    // Written within the store's own tick: not believed.
    index_file.set_modified(metadata.modified().unwrap()).unwrap();
    let (_, days, _) = read_days(&Store::open(&store.paths.given, &clock).unwrap(), None);
    assert_eq!(days, truth);
    // A tick later, the same index is believed: the rule is what decided.
    fs::write(store.paths.index(), {
        let mut writer = index::Writer::new(
            Vec::new(),
            owner_key(&store),
            &identity,
            clock.zone().fingerprint(),
            first_offset,
            None,
            &head,
        )
        .unwrap();
        writer.record(&Record { day: stale, len }).unwrap();
        writer.finish().unwrap()
    })
    .unwrap();
    let later = metadata.modified().unwrap() + std::time::Duration::from_secs(1);
    fs::File::options()
        .write(true)
        .open(store.paths.index())
        .unwrap()
        .set_modified(later)
        .unwrap();
    let (_, days, _) = read_days(&Store::open(&store.paths.given, &clock).unwrap(), None);
    assert_eq!(days[0].seconds, 6);
}

#[test]
fn a_read_only_store_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock_in("Europe/Berlin");
    let store = Store::open(&dir.path().join("s.json"), &clock).unwrap();
    log(&store, walk(at("2026-11-20T07:00:00+01:00"), 360)).unwrap();
    fs::set_permissions(&store.paths.file, fs::Permissions::from_mode(0o400)).unwrap();
    let bytes = fs::read(&store.paths.file).unwrap();
    let message = format!(
        "{:#}",
        log(&store, walk(at("2026-11-21T07:00:00+01:00"), 60)).unwrap_err()
    );
    assert!(message.contains("read-only"), "{message}");
    assert_eq!(fs::read(&store.paths.file).unwrap(), bytes);
}

#[test]
fn a_change_that_would_make_the_store_invalid_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock_in("Europe/Berlin");
    let store = Store::open(&dir.path().join("s.json"), &clock).unwrap();
    let first = log(&store, walk(at("2026-11-20T07:00:00+01:00"), 360)).unwrap();
    let bytes = fs::read(&store.paths.file).unwrap();
    // An undo entry that would put back a walk whose id is taken.
    let result = store.update(|tx| {
        tx.document()?
            .apply(Op::Insert {
                sessions: vec![first.clone()],
            })
            .map_err(|e| anyhow!(e))?;
        Ok(())
    });
    assert!(format!("{:#}", result.unwrap_err()).contains("appears twice"));
    // A walk in year 10000 (on the splice path).
    let late = log(&store, walk(at("9999-12-31T23:59:00-01:00"), 60));
    assert!(format!("{:#}", late.unwrap_err()).contains("years 1-9999"));
    assert_eq!(fs::read(&store.paths.file).unwrap(), bytes);
}

#[test]
fn unknown_fields_are_kept_through_every_kind_of_write() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock_in("Europe/Berlin");
    let store = Store::open(&dir.path().join("s.json"), &clock).unwrap();
    log(&store, walk(at("2026-11-20T07:00:00+01:00"), 360)).unwrap();
    let text = fs::read_to_string(&store.paths.file).unwrap();
    let text = text
        .replacen(
            "\"timer\": null,",
            "\"timer\": null,\n  \"x-device\": {\"name\": \"phone\"},",
            1,
        )
        .replacen(
            "\"surface\":\"grass\"",
            "\"surface\":\"grass\",\"x-mood\":\"good\"",
            1,
        );
    fs::write(&store.paths.file, text).unwrap();
    log(&store, walk(at("2026-11-21T07:00:00+01:00"), 60)).unwrap();
    store
        .update(|tx| {
            tx.document()?;
            Ok(())
        })
        .unwrap();
    let document = store.load().unwrap();
    assert_eq!(document.extra["x-device"], serde_json::json!({"name": "phone"}));
    assert_eq!(document.sessions[0].extra["x-mood"], "good");
}

/// One step of a random history.
#[derive(Clone, Debug)]
enum Step {
    /// A walk starting this many minutes before "now".
    Log {
        minutes_ago: i64,
        seconds: u64,
        steps: Option<u32>,
        pain: Option<u8>,
    },
    /// Remove the walk at this position (modulo the count).
    Remove(usize),
    Goals {
        min: u32,
        max: u32,
        days_per_week: u8,
    },
    Timer,
    /// Set (or, without pain, clear) the next-morning pain of a day.
    Morning {
        days_ago: i64,
        pain: Option<u8>,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0i64..60 * 24 * 30, 1u64..7200, proptest::option::of(0u32..2000), proptest::option::of(0u8..=10))
            .prop_map(|(minutes_ago, seconds, steps, pain)| Step::Log { minutes_ago, seconds, steps, pain }),
        1 => (0usize..50).prop_map(Step::Remove),
        1 => (1u32..20, 0u32..20, 1u8..=7).prop_map(|(min, extra, days_per_week)| Step::Goals { min, max: min + extra, days_per_week }),
        1 => Just(Step::Timer),
        2 => (0i64..32, proptest::option::of(0u8..=10)).prop_map(|(days_ago, pain)| Step::Morning { days_ago, pain }),
    ]
}

const ZONES: [&str; 6] = [
    "Europe/Berlin",
    "America/New_York",
    "Pacific/Kiritimati",
    "UTC",
    "Australia/Lord_Howe",
    "America/Santiago",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Over random histories, zones and placements: every file written
    /// (spliced or not) is byte for byte what a full save writes, and
    /// every read through the index equals the read of a full parse.
    #[test]
    fn the_index_and_the_splice_answer_as_the_plain_paths(
        zone_at in 0usize..ZONES.len(),
        steps in proptest::collection::vec(step(), 1..40),
        window_start in 0i64..40,
        window_len in 0i64..10,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let clock = clock_in(ZONES[zone_at]);
        let store = Store::open(&dir.path().join("s.json"), &clock).unwrap();
        let now = clock.now();
        for step in steps {
            let _ = match step {
                Step::Log { minutes_ago, seconds, steps, pain } => {
                    let start = now - Duration::minutes(minutes_ago) - Duration::seconds(i64::try_from(seconds).unwrap());
                    let mut new = walk(start, seconds);
                    new.steps = steps.map(|s| s.min(100_000));
                    new.pain = pain;
                    log(&store, new).map(drop)
                }
                Step::Remove(at) => store.update(|tx| {
                    let document = tx.document()?;
                    if document.sessions.is_empty() {
                        return Ok(());
                    }
                    let id = document.sessions[at % document.sessions.len()].id;
                    let removed = document.remove(&[id]).map_err(|id| anyhow!("{id}"))?;
                    document.record(format!("rm #{id}"), vec![Op::Insert { sessions: removed }]);
                    Ok(())
                }),
                Step::Goals { min, max, days_per_week } => store.update(|tx| {
                    let mut goals = tx.goals().clone();
                    goals.set(clock.today() - Duration::days(max.into()), GoalEntry {
                        minutes: Range { min, max },
                        days_per_week,
                        ..GoalEntry::default()
                    });
                    tx.set_goals(goals);
                    Ok(())
                }),
                Step::Morning { days_ago, pain } => store.update(|tx| {
                    let date = clock.today() - Duration::days(days_ago);
                    let mut mornings = tx.mornings().to_vec();
                    match pain {
                        Some(pain) => crate::model::morning::set(&mut mornings, date, pain),
                        None => drop(crate::model::morning::clear(&mut mornings, date)),
                    }
                    tx.set_mornings(mornings);
                    Ok(())
                }),
                Step::Timer => store.update(|tx| {
                    let timer = match tx.timer() {
                        Some(_) => None,
                        None => Some(Timer { start: now, surface: Surface::Sand, note: None, extra: Extra::new() }),
                    };
                    tx.set_timer(timer);
                    Ok(())
                }),
            };
            let bytes = fs::read(&store.paths.file).unwrap_or_default();
            if bytes.is_empty() {
                continue;
            }
            let document = store.load().unwrap();
            prop_assert_eq!(&layout::encode(&document).bytes, &bytes);
            let first = clock.today() - Duration::days(window_start);
            let shown = Some((first, first + Duration::days(window_len)));
            let fresh = Store::open(&store.paths.given, &clock).unwrap();
            let indexed = read_days(&fresh, shown);
            // The plan's fold, which takes whole blocks where it can.
            let as_of = first + Duration::days(window_len / 2);
            let plan = |head: &Head| History::new(&head.goals, as_of, shown);
            let indexed_plan = fresh.read(shown, plan).unwrap().fold.finish();
            let _ = fs::remove_file(store.paths.index());
            let plain = from_document(&document, &clock, shown, |_| Collect::default());
            prop_assert_eq!(&indexed.0, &plain.head);
            prop_assert_eq!(&indexed.1, &plain.fold.0);
            prop_assert_eq!(&indexed.2, &plain.sessions);
            prop_assert_eq!(indexed_plan, from_document(&document, &clock, shown, plan).fold.finish());
            // Folded again rebuilds the index just removed.
            let fresh = Store::open(&store.paths.given, &clock).unwrap();
            read_days(&fresh, shown);
        }
    }
}

/// What an index holds, to be forged and written back with a matching
/// checksum and the store's identity (so that it is believed).
struct Forged {
    first_offset: u64,
    last_line: Option<u64>,
    head: Head,
    records: Vec<Record>,
}

/// The store's index as `Forged`, changed by `edit`, written back and
/// made believable: checksums that match (under the store's key), the
/// store's identity, a time a second after the store's.
fn forge_index(store: &Store, edit: impl FnOnce(&mut Forged)) {
    forge_index_sealed(store, owner_key(store), edit);
}

/// `forge_index` sealed with `key`: the store's own, or a stranger's.
fn forge_index_sealed(store: &Store, key: Key, edit: impl FnOnce(&mut Forged)) {
    let metadata = fs::metadata(&store.paths.file).unwrap();
    let identity = Identity::of(&metadata);
    let fresh = Store::open(&store.paths.given, store.clock).unwrap();
    fresh.read(None, |_| Collect::default()).unwrap();
    let mut reader = store.index_for(&identity).expect("an index to forge");
    let mut records = Vec::new();
    while let Some(block) = reader.next_block() {
        records.extend_from_slice(reader.records(&block).unwrap());
    }
    let mut forged = Forged {
        first_offset: reader.first_offset,
        last_line: reader.last_line,
        head: reader.head.clone(),
        records,
    };
    edit(&mut forged);
    let mut writer = index::Writer::new(
        Vec::new(),
        key,
        &identity,
        store.clock.zone().fingerprint(),
        forged.first_offset,
        forged.last_line,
        &forged.head,
    )
    .unwrap();
    for record in &forged.records {
        writer.record(record).unwrap();
    }
    plant_index(store, &writer.finish().unwrap());
}

/// Puts `bytes` as the index, a second newer than the store.
fn plant_index(store: &Store, bytes: &[u8]) {
    let metadata = fs::metadata(&store.paths.file).unwrap();
    fs::write(store.paths.index(), bytes).unwrap();
    let latest = metadata.modified().unwrap().max(
        std::time::UNIX_EPOCH
            + std::time::Duration::new(
                u64::try_from(metadata.ctime()).unwrap(),
                u32::try_from(metadata.ctime_nsec()).unwrap(),
            ),
    );
    fs::File::options()
        .write(true)
        .open(store.paths.index())
        .unwrap()
        .set_modified(latest + std::time::Duration::from_secs(1))
        .unwrap();
}

/// Runs `change` on the store (whose index may be forged) and on a copy
/// of it without an index: both give the same result and the same bytes.
fn assert_as_without_index<T: PartialEq + std::fmt::Debug>(
    store: &Store,
    change: impl Fn(&Store) -> Result<T>,
) -> Result<T> {
    let twin_dir = tempfile::tempdir().unwrap();
    let twin_path = twin_dir.path().join("s.json");
    fs::copy(&store.paths.file, &twin_path).unwrap();
    let twin = Store::open(&twin_path, store.clock).unwrap();
    let plain = change(&twin);
    let fresh = Store::open(&store.paths.given, store.clock).unwrap();
    let forged = change(&fresh);
    assert_eq!(
        forged.as_ref().map_err(|e| format!("{e:#}")),
        plain.as_ref().map_err(|e| format!("{e:#}")),
        "the result"
    );
    assert_eq!(
        String::from_utf8(fs::read(&store.paths.file).unwrap()).unwrap(),
        String::from_utf8(fs::read(&twin_path).unwrap()).unwrap(),
        "the store"
    );
    fresh.load().expect("the store still loads");
    forged
}

/// Reads the store through its index as it now stands (forged, say) and
/// a copy of it without an index: the head, every day, the walks shown
/// and the plan's fold are the same.
fn assert_reads_as_without_index(store: &Store) {
    let index = fs::read(store.paths.index()).unwrap();
    let twin_dir = tempfile::tempdir().unwrap();
    let twin_path = twin_dir.path().join("s.json");
    fs::copy(&store.paths.file, &twin_path).unwrap();
    let twin = Store::open(&twin_path, store.clock).unwrap();
    let today = store.clock.today();
    for shown in [None, Some((today - Duration::days(6), today))] {
        let plan = |head: &Head| History::new(&head.goals, today, shown);
        // Each read through the forgery (a read that does not believe it
        // rebuilds the index), and the twin's without one.
        let fresh = |reader: &Store| {
            plant_index(store, &index);
            let _ = fs::remove_file(twin.paths.index());
            Store::open(&reader.paths.given, store.clock).unwrap()
        };
        let answers: Vec<_> = [store, &twin]
            .into_iter()
            .map(|reader| {
                let days = read_days(&fresh(reader), shown);
                (days, fresh(reader).read(shown, plan).unwrap().fold.finish())
            })
            .collect();
        assert_eq!(answers[0], answers[1], "read of {shown:?}");
    }
}

/// `log` as the command runs it: the surface, when not given, is the one
/// last used.
fn log_as_command(store: &Store, start: DateTime<FixedOffset>, seconds: u64) -> Result<Session> {
    store.update(|tx| {
        let surface = tx.surface_or_last(None)?;
        let session = tx.add(NewSession {
            surface,
            ..walk(start, seconds)
        })?;
        tx.record(
            format!("log #{}", session.id),
            vec![Op::Remove {
                ids: vec![session.id],
            }],
        );
        Ok(session)
    })
}

fn store_with(dir: &tempfile::TempDir, clock: &'static Clock, starts: &[&str]) -> Store<'static> {
    let store = Store::open(&dir.path().join("s.json"), clock).unwrap();
    for start in starts {
        let mut new = walk(at(start), 600);
        new.surface = Surface::Other;
        log(&store, new).unwrap();
    }
    store
}

fn berlin() -> &'static Clock {
    Box::leak(Box::new(clock_in("Europe/Berlin")))
}

#[test]
fn a_forged_line_length_never_places_a_walk_inside_another_line() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with(
        &dir,
        berlin(),
        &["2026-11-10T07:00:00+01:00", "2026-11-15T07:00:00+01:00"],
    );
    for (hour, shift) in [(12, 5u64), (13, 1), (14, 40)] {
        forge_index(&store, |forged| {
            forged.records[0].len -= shift;
            forged.records[1].len += shift;
        });
        assert_as_without_index(&store, |store| {
            log_as_command(store, at(&format!("2026-11-13T{hour}:00:00+01:00")), 300).map(|s| s.id)
        })
        .unwrap();
        fs::remove_file(store.paths.index()).unwrap();
        let _ = store.load();
    }
}

#[test]
fn a_forged_head_never_crashes_a_read() {
    let dir = tempfile::tempdir().unwrap();
    let clock = berlin();
    let store = store_with(&dir, clock, &["2026-11-20T07:00:00+01:00"]);
    let today = clock.today();
    let plan = |head: &Head| History::new(&head.goals, today, Some((today, today)));
    let truth = store.read(Some((today, today)), plan).unwrap().fold.finish();
    for forge in [
        (|head: &mut Head| head.goals = Goals::from_entries(Vec::new())) as fn(&mut Head),
        |head| {
            head.goals = Goals::from_entries(vec![GoalEntry {
                minutes: Range { min: 0, max: 9999 },
                ..GoalEntry::default()
            }]);
        },
        |head| {
            head.goals = Goals::from_entries(vec![GoalEntry {
                from: Some(date("2026-11-01")),
                ..GoalEntry::default()
            }]);
        },
    ] {
        forge_index(&store, |forged| forge(&mut forged.head));
        let fresh = Store::open(&store.paths.given, clock).unwrap();
        assert_eq!(
            fresh.read(Some((today, today)), plan).unwrap().fold.finish(),
            truth
        );
    }
}

#[test]
fn a_forged_last_surface_or_last_line_never_reaches_a_write() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with(
        &dir,
        berlin(),
        &["2026-11-10T07:00:00+01:00", "2026-11-15T07:00:00+01:00"],
    );
    for (day, forge) in (16..).zip([
        (|forged: &mut Forged| forged.head.last_surface = Some(Surface::Sand)) as fn(&mut Forged),
        |forged| forged.last_line = forged.last_line.map(|at| at + 1),
        |forged| forged.last_line = Some(forged.first_offset),
        |forged| forged.last_line = Some(u64::MAX - 1),
        |forged| forged.last_line = None,
    ]) {
        forge_index(&store, forge);
        let start = at(&format!("2026-11-{day}T07:00:00+01:00"));
        let logged = assert_as_without_index(&store, |store| log_as_command(store, start, 300)).unwrap();
        assert_eq!(logged.surface, Surface::Other);
    }
    // Unforged, the pointer is proved and the walk spliced.
    let before = SPLICES.load(Ordering::SeqCst);
    log_as_command(&store, at("2026-11-21T07:00:00+01:00"), 300).unwrap();
    assert!(SPLICES.load(Ordering::SeqCst) > before);
}

type Forge = fn(&mut [u64; 10]);

#[test]
fn forged_block_summaries_never_steer_nor_fail_a_write() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with(
        &dir,
        berlin(),
        &[
            "2026-11-01T07:00:00+01:00",
            "2026-11-02T07:00:00+01:00",
            "2026-11-03T07:00:00+01:00",
            "2026-11-10T07:00:00+01:00",
            "2026-11-15T07:00:00+01:00",
        ],
    );
    let forgeries: [(usize, Forge); 5] = [
        // Dated 0000-12-31: the new line would go first.
        (1, |values| values[3] = 0),
        (0, |values| values[3] = 0),
        // 2^32 - 1 days; ending after 9999.
        (1, |values| values[0] = u64::from(u32::MAX)),
        (1, |values| values[4] = 3_000_000),
        (0, |values| values[2] += 7),
    ];
    for (n, (block, forge)) in forgeries.into_iter().enumerate() {
        let fresh = Store::open(&store.paths.given, store.clock).unwrap();
        fresh.read(None, |_| Collect::default()).unwrap();
        let good = fs::read(store.paths.index()).unwrap();
        plant_index(
            &store,
            &index::forge_table(&good, block, owner_key(&store), forge).unwrap(),
        );
        let start = at(&format!("2026-11-{:02}T12:00:00+01:00", 4 + n));
        assert_as_without_index(&store, |store| log_as_command(store, start, 300).map(|s| s.id)).unwrap();
    }
}

/// One way to forge an index that a reader would believe.
#[derive(Clone, Debug)]
enum Forgery {
    /// Moves bytes of one day's lines onto another's.
    Shift {
        from: usize,
        to: usize,
        by: u64,
    },
    /// Changes a day's count of walks.
    Sessions {
        at: usize,
        to: u32,
    },
    /// Moves a day to another date, where it stays in order.
    Date {
        at: usize,
        days: i64,
    },
    FirstOffset(i64),
    LastLine(Option<u64>),
    LastSurface(Surface),
    NextId(u64),
    /// Changes a block's summary in the table.
    Table {
        block: usize,
        field: usize,
        value: u64,
    },
}

fn forgery() -> impl Strategy<Value = Forgery> {
    let surface = prop_oneof![Just(Surface::Sand), Just(Surface::Track), Just(Surface::Grass)];
    prop_oneof![
        (0usize..40, 0usize..40, 1u64..300).prop_map(|(from, to, by)| Forgery::Shift { from, to, by }),
        (0usize..40, 0u32..4).prop_map(|(at, to)| Forgery::Sessions { at, to }),
        (0usize..40, -3i64..=3).prop_map(|(at, days)| Forgery::Date { at, days }),
        (-200i64..200).prop_map(Forgery::FirstOffset),
        proptest::option::of(0u64..5000).prop_map(Forgery::LastLine),
        surface.prop_map(Forgery::LastSurface),
        (0u64..60).prop_map(Forgery::NextId),
        (
            0usize..8,
            0usize..10,
            prop_oneof![
                Just(0u64),
                Just(1),
                Just(u64::from(u32::MAX)),
                0u64..800_000,
                Just(u64::MAX)
            ]
        )
            .prop_map(|(block, field, value)| Forgery::Table { block, field, value }),
    ]
}

impl Forgery {
    /// Forges the store's index, sealed with `key`.
    fn apply(&self, store: &Store, key: Key) {
        let pick = |records: &[Record], at: usize| (!records.is_empty()).then(|| at % records.len());
        match *self {
            Forgery::Table { block, field, value } => {
                let good = fs::read(store.paths.index()).unwrap();
                if let Some(forged) = index::forge_table(&good, block, key, |values| values[field] = value) {
                    plant_index(store, &forged);
                }
            }
            _ => forge_index_sealed(store, key, |forged| match *self {
                Forgery::Shift { from, to, by } => {
                    if let (Some(from), Some(to)) = (pick(&forged.records, from), pick(&forged.records, to)) {
                        let by = by.min(forged.records[from].len);
                        forged.records[from].len -= by;
                        forged.records[to].len += by;
                    }
                }
                Forgery::Sessions { at, to } => {
                    if let Some(at) = pick(&forged.records, at) {
                        forged.records[at].day.sessions = to;
                    }
                }
                Forgery::Date { at, days } => {
                    if let Some(at) = pick(&forged.records, at) {
                        let date = forged.records[at].day.date + Duration::days(days);
                        let after = at
                            .checked_sub(1)
                            .is_none_or(|b| forged.records[b].day.date < date);
                        let before = forged.records.get(at + 1).is_none_or(|n| date < n.day.date);
                        if after && before {
                            forged.records[at].day.date = date;
                        }
                    }
                }
                Forgery::FirstOffset(by) => {
                    forged.first_offset = forged.first_offset.saturating_add_signed(by);
                }
                Forgery::LastLine(at) => forged.last_line = at.map(|at| forged.first_offset + at),
                Forgery::LastSurface(surface) => forged.head.last_surface = Some(surface),
                Forgery::NextId(id) => forged.head.next_id = id,
                Forgery::Table { .. } => unreachable!("forged above"),
            }),
        }
    }
}

/// One write of a random history, as the commands make it.
#[derive(Clone, Debug)]
enum Write {
    Log { minutes_ago: i64, seconds: u64 },
    Start { minutes_ago: i64 },
    Stop,
    Edit { at: usize, steps: u32 },
    Remove(usize),
    Goals { min: u32 },
}

fn write() -> impl Strategy<Value = Write> {
    prop_oneof![
        6 => (0i64..60 * 24 * 20, 1u64..5400).prop_map(|(minutes_ago, seconds)| Write::Log { minutes_ago, seconds }),
        1 => (1i64..120).prop_map(|minutes_ago| Write::Start { minutes_ago }),
        1 => Just(Write::Stop),
        1 => (0usize..50, 0u32..1000).prop_map(|(at, steps)| Write::Edit { at, steps }),
        1 => (0usize..50).prop_map(Write::Remove),
        1 => (1u32..20).prop_map(|min| Write::Goals { min }),
    ]
}

impl Write {
    /// Runs the write; what it answers, as the commands would print it.
    fn run(&self, store: &Store) -> Result<String> {
        let now = store.clock.now();
        match *self {
            Write::Log { minutes_ago, seconds } => {
                let start = now - Duration::minutes(minutes_ago) - Duration::seconds(seconds.cast_signed());
                log_as_command(store, start, seconds).map(|s| format!("{s:?}"))
            }
            Write::Start { minutes_ago } => store.update(|tx| {
                if tx.timer().is_some() {
                    bail!("a timer is running");
                }
                let surface = tx.surface_or_last(None)?;
                let timer = Timer {
                    start: now - Duration::minutes(minutes_ago),
                    surface,
                    note: None,
                    extra: Extra::new(),
                };
                tx.set_timer(Some(timer.clone()));
                tx.record("start".into(), vec![Op::Timer { timer: None }]);
                Ok(format!("{timer:?}"))
            }),
            Write::Stop => store.update(|tx| {
                let timer = tx.timer().cloned().ok_or_else(|| anyhow!("no timer"))?;
                let seconds = u64::try_from((now - timer.start).num_seconds()).unwrap();
                tx.set_timer(None);
                let session = tx.add(NewSession {
                    surface: timer.surface,
                    ..walk(timer.start, seconds)
                })?;
                tx.record(
                    "stop".into(),
                    vec![
                        Op::Remove {
                            ids: vec![session.id],
                        },
                        Op::Timer { timer: Some(timer) },
                    ],
                );
                Ok(format!("{session:?}"))
            }),
            Write::Edit { at, steps } => store.update(|tx| {
                let document = tx.document()?;
                let Some(mut session) = document
                    .sessions
                    .get(at % document.sessions.len().max(1))
                    .cloned()
                else {
                    bail!("no walk");
                };
                session.steps = Some(steps);
                let before = document.replace(vec![session]).map_err(|id| anyhow!("{id}"))?;
                document.record("edit".into(), vec![Op::Replace { sessions: before }]);
                Ok(String::new())
            }),
            Write::Remove(at) => store.update(|tx| {
                let document = tx.document()?;
                let Some(id) = document
                    .sessions
                    .get(at % document.sessions.len().max(1))
                    .map(|s| s.id)
                else {
                    bail!("no walk");
                };
                let removed = document.remove(&[id]).map_err(|id| anyhow!("{id}"))?;
                document.record(format!("rm #{id}"), vec![Op::Insert { sessions: removed }]);
                Ok(String::new())
            }),
            Write::Goals { min } => store.update(|tx| {
                let mut goals = tx.goals().clone();
                goals.set(
                    store.clock.today() - Duration::days(min.into()),
                    GoalEntry {
                        minutes: Range { min, max: min + 5 },
                        ..GoalEntry::default()
                    },
                );
                tx.set_goals(goals);
                tx.record(
                    "goals".into(),
                    vec![Op::Goals {
                        goals: tx.goals().clone(),
                    }],
                );
                Ok(String::new())
            }),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Over random histories with random forgeries of the index beside
    /// them, sealed with the store's key (a forger who read it) or with a
    /// stranger's: every write answers and writes exactly what it does
    /// with the index deleted, no read fails, and with a stranger's seal
    /// every read answers as it does with the index deleted.
    #[test]
    fn a_forged_index_never_steers_a_write(
        zone_at in 0usize..ZONES.len(),
        steps in proptest::collection::vec(
            (write(), proptest::option::of((forgery(), proptest::option::of(any::<[u8; 16]>())))),
            1..30,
        ),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let clock = clock_in(ZONES[zone_at]);
        let store = Store::open(&dir.path().join("s.json"), &clock).unwrap();
        for (write, forgery) in steps {
            if store.paths.file.exists() {
                let fresh = Store::open(&store.paths.given, &clock).unwrap();
                fresh.read(None, |_| Collect::default()).unwrap();
                if let Some((forgery, stranger)) = &forgery && store.paths.index().exists() {
                    if let Some(stranger) = stranger {
                        // From a true index: one the store's key sealed
                        // is believed by reads, and its untouched blocks
                        // are carried into the next (writes prove what
                        // they use).
                        fs::remove_file(store.paths.index()).unwrap();
                        Store::open(&store.paths.given, &clock).unwrap().read(None, |_| Collect::default()).unwrap();
                        forgery.apply(&store, Key::new(*stranger));
                        assert_reads_as_without_index(&store);
                    } else {
                        forgery.apply(&store, owner_key(&store));
                    }
                }
                let _ = assert_as_without_index(&store, |store| write.run(store));
            } else {
                let _ = write.run(&store);
            }
            let fresh = Store::open(&store.paths.given, &clock).unwrap();
            let today = clock.today();
            let plan = |head: &Head| History::new(&head.goals, today, Some((today, today)));
            fresh.read(Some((today, today)), plan).unwrap();
        }
    }
}
