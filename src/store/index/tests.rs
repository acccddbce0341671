use super::*;
use std::fs::File;
use std::io::Write;

use chrono::NaiveDate;

use std::io::{Seek, SeekFrom};

fn day(date: &str, sessions: u32, seconds: u64) -> Day {
    Day {
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
        sessions,
        seconds,
        steps: (sessions > 1).then_some(u64::from(sessions) * 300),
        uphill_seconds: seconds / 3,
        pain_max: (seconds > 500).then_some(7),
        morning_pain: seconds
            .is_multiple_of(3)
            .then_some(u8::try_from(seconds % 11).unwrap()),
    }
}

const KEY: Key = Key::new(*b"the store's key.");

fn identity() -> Identity {
    Identity {
        dev: 1,
        ino: 2,
        size: 3,
        mtime: (4, 5),
        ctime: (6, 7),
    }
}

fn head() -> Head {
    Head {
        next_id: 9,
        goals: Goals::default(),
        timer: None,
        last_surface: Some(Surface::Sand),
    }
}

fn written(records: &[Record]) -> Vec<u8> {
    let mut writer = Writer::new(Vec::new(), KEY, &identity(), 42, 300, Some(400), &head()).unwrap();
    for r in records {
        writer.record(r).unwrap();
    }
    writer.finish().unwrap()
}

fn file_of(bytes: &[u8]) -> (File, u64) {
    let mut file = tempfile::tempfile().unwrap();
    file.write_all(bytes).unwrap();
    file.seek(SeekFrom::Start(0)).unwrap();
    (file, bytes.len() as u64)
}

fn read_all(bytes: &[u8]) -> Option<(Reader, Vec<Record>)> {
    let (file, size) = file_of(bytes);
    let mut reader = Reader::open(file, size, u64::MAX, KEY)?;
    let mut records = Vec::new();
    while let Some(block) = reader.next_block() {
        records.extend_from_slice(reader.records(&block).ok()?);
    }
    Some((reader, records))
}

fn sample() -> Vec<Record> {
    [
        ("0001-01-01", 1, 60),
        ("1999-12-31", 2, 600),
        ("2026-11-21", 3, 86_400 * 3),
        ("9999-12-31", 1, 1),
    ]
    .iter()
    .enumerate()
    .map(|(i, (date, n, s))| Record {
        day: day(date, *n, *s),
        len: 150 * (i as u64 + 1),
    })
    .collect()
}

#[test]
fn records_read_back_as_written() {
    let records = sample();
    let bytes = written(&records);
    let (reader, read) = read_all(&bytes).unwrap();
    assert_eq!(reader.head, head());
    assert_eq!(
        (reader.zone, reader.first_offset, reader.identity),
        (42, 300, identity())
    );
    assert_eq!(read, records);
    // Blocks of consecutive days, each summed up in the table.
    let spans: Vec<Span> = reader.blocks.iter().map(|block| block.span).collect();
    let expected: Vec<Span> = records
        .chunks(BLOCK_DAYS as usize)
        .map(|days| {
            let mut span = Span::of(&days[0].day);
            days[1..].iter().for_each(|record| span.add(&record.day));
            span
        })
        .collect();
    assert_eq!(spans, expected);
    assert_eq!(reader.lines_len(), Some(records.iter().map(|r| r.len).sum()));
}

#[test]
fn a_first_day_before_0000_12_31_is_refused_rather_than_written_as_damage() {
    // 0000-12-31 is day 0, the earliest the reader takes: written and read back.
    let records = [Record {
        day: day("0000-12-31", 1, 300),
        len: 100,
    }];
    let (_, read) = read_all(&written(&records)).unwrap();
    assert_eq!(read, records);
    // A day before it (a zone a day behind the earliest walk) once
    // wrapped to a huge number the reader calls damage.
    let mut writer = Writer::new(Vec::new(), KEY, &identity(), 42, 300, Some(400), &head()).unwrap();
    let early = Record {
        day: day("0000-12-30", 1, 300),
        len: 100,
    };
    assert!(writer.record(&early).is_err());
}

#[test]
fn many_records_stream_through_chunks() {
    let start = NaiveDate::from_ymd_opt(1800, 1, 1).unwrap();
    let records: Vec<Record> = (0..100_000u32)
        .map(|n| Record {
            day: Day {
                date: start + chrono::Duration::days(i64::from(n) * 2),
                ..day("2000-01-01", 1 + n % 3, 300 + u64::from(n))
            },
            len: 100 + u64::from(n) % 70,
        })
        .collect();
    let bytes = written(&records);
    let (reader, read) = read_all(&bytes).unwrap();
    assert_eq!(read, records);
    assert_eq!(reader.blocks.len(), records.len().div_ceil(BLOCK_DAYS as usize));
}

#[test]
fn every_damage_is_caught_and_nothing_panics_or_allocates_without_bound() {
    let bytes = written(&sample());
    for cut in 0..bytes.len() {
        assert!(read_all(&bytes[..cut]).is_none(), "a cut at {cut} was believed");
    }
    for at in 0..bytes.len() {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0x10;
        assert!(read_all(&damaged).is_none(), "a flip at {at} was believed");
    }
    // A forged head length or huge values never allocate without bound.
    let mut forged = bytes.clone();
    forged[HEADER_LEN - 8..HEADER_LEN].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(read_all(&forged).is_none());
    let (file, size) = file_of(&bytes);
    assert!(
        Reader::open(file, size, 10, KEY).is_none(),
        "the size limit holds"
    );
}

#[test]
fn an_index_sealed_with_another_key_is_not_one() {
    let bytes = written(&sample());
    let (file, size) = file_of(&bytes);
    assert!(Reader::open(file, size, u64::MAX, Key::new(*b"someone's other.")).is_none());
    // Nor one forged without the key: a changed table sealed with another.
    let stranger = Key::new([0; 16]);
    let forged = forge_table(&bytes, 0, stranger, |values| values[8] += 60).unwrap();
    assert!(read_all(&forged).is_none());
    // A record's checksum, in the table, is keyed too: the same records
    // sealed by a stranger carry another.
    let other = {
        let mut writer = Writer::new(Vec::new(), stranger, &identity(), 42, 300, Some(400), &head()).unwrap();
        for record in &sample() {
            writer.record(record).unwrap();
        }
        writer.finish().unwrap()
    };
    assert_eq!(other.len(), bytes.len());
    let last_block_checksum = bytes.len() - 24..bytes.len() - 16;
    assert_ne!(other[last_block_checksum.clone()], bytes[last_block_checksum]);
}

fn with_forged_table(bytes: &[u8], forge: impl Fn(&mut [u64; 10])) -> Vec<u8> {
    forge_table(bytes, 0, KEY, forge).unwrap()
}

#[test]
fn a_forged_table_never_panics_nor_allocates_without_bound() {
    let records: Vec<Record> = (1..=7)
        .map(|day| Record {
            day: day_of(day),
            len: 120,
        })
        .collect();
    let bytes = written(&records);
    assert_eq!(read_all(&with_forged_table(&bytes, |_| {})).unwrap().1, records);
    for field in 0..10 {
        for value in [0, 1, u64::from(u32::MAX), u64::from(u32::MAX) + 1, u64::MAX] {
            let forged = with_forged_table(&bytes, |values| values[field] = value);
            let (file, size) = file_of(&forged);
            let Some(mut reader) = Reader::open(file, size, u64::MAX, KEY) else {
                continue;
            };
            let _ = reader.lines_len();
            // What is decoded matches the summary it was checked against.
            while let Some(block) = reader.next_block() {
                if let Ok(read) = reader.records(&block) {
                    let span = block.span;
                    assert_eq!(read.len(), span.days as usize, "field {field} = {value}");
                    assert_eq!(
                        (read[0].day.date, read[read.len() - 1].day.date),
                        (span.first, span.last)
                    );
                    assert_eq!(read.iter().map(|r| r.len).sum::<u64>(), block.lines_len);
                }
            }
        }
    }
}

fn day_of(n: u32) -> Day {
    day(&format!("2026-11-{n:02}"), n, 300 * u64::from(n))
}

#[test]
fn varints_round_trip_and_refuse_overlong_input() {
    for value in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
        let mut bytes = [0u8; 10];
        let used = put_varint(&mut bytes, value);
        assert_eq!(get_varint(&bytes[..used]), Some((value, used)));
    }
    assert_eq!(get_varint(&[0xff; 11]), None);
    assert_eq!(get_varint(&[0x80]), None);
}

#[test]
fn the_racy_rule_distrusts_a_store_as_new_as_its_index() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    let index = dir.path().join("i");
    std::fs::write(&store, b"x").unwrap();
    std::fs::write(&index, b"y").unwrap();
    let set = |path: &std::path::Path, seconds: u64| {
        let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds);
        File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(time)
            .unwrap();
    };
    // Coarse times: the store changed in the second the index was written.
    set(&store, 1_000_000);
    set(&index, 1_000_000);
    let current = Identity::of(&std::fs::metadata(&store).unwrap());
    let recorded = Identity {
        ctime: (0, 0),
        ..current
    };
    let coarse = Identity { ..current };
    assert!(!coarse.describes(&current, &std::fs::metadata(&index).unwrap()));
    // A second later the same identity is believed (ctime aside).
    set(&index, 1_000_001);
    let older_ctime = Identity {
        ctime: (999_999, 0),
        ..current
    };
    assert!(older_ctime.describes(&older_ctime, &std::fs::metadata(&index).unwrap()));
    assert!(!recorded.describes(&current, &std::fs::metadata(&index).unwrap()));
}

#[test]
fn blocks_copied_whole_read_back_as_their_records() {
    let records: Vec<Record> = (1..=20)
        .map(|n| Record {
            day: day_of(n),
            len: 100 + u64::from(n),
        })
        .collect();
    let (file, size) = file_of(&written(&records));
    let mut old = Reader::open(file, size, u64::MAX, KEY).unwrap();
    // Every other block copied as it stands, the rest re-recorded.
    let mut writer = Writer::new(Vec::new(), KEY, &identity(), 42, 300, Some(400), &head()).unwrap();
    let mut n = 0;
    while let Some(block) = old.next_block() {
        if n % 2 == 0 {
            let raw = old.raw_records(&block).unwrap().to_vec();
            writer.copy_block(&block, &raw).unwrap();
        } else {
            for record in old.records(&block).unwrap().to_vec() {
                writer.record(&record).unwrap();
            }
        }
        n += 1;
    }
    assert!(old.was_last());
    let (reader, read) = read_all(&writer.finish().unwrap()).unwrap();
    assert_eq!(read, records);
    assert_eq!(reader.blocks.len(), old.blocks.len());
}
