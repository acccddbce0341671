//! "Now" and the local zone: `BACKWALK_NOW` replaces the system clock and
//! `TZ` chooses the zone, read as the C library reads it, so tests and
//! "as of" scripts see a fixed world and `date` and backwalk agree on the
//! day.

use std::cell::Cell;
use std::ffi::OsStr;
use std::path::Path;

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc,
};

use crate::error::Invalid;

/// Where the system keeps its zone files, as the C library looks for them.
const ZONE_FOLDERS: [&str; 3] = ["/usr/share/zoneinfo", "/share/zoneinfo", "/etc/zoneinfo"];
/// A zone file is a few kilobytes; anything far larger is not one.
const MAX_ZONE_FILE: u64 = 1 << 20;

/// A local zone: the rules of a zone file or of a POSIX `TZ` string.
#[derive(Clone, Debug)]
pub struct Zone {
    rules: tz::TimeZone,
    /// What `TZ` said (or `localtime`, `UTC`), for messages.
    name: String,
    /// A fingerprint of the rules, so that a cache built under other rules
    /// (another zone, or the same name after a zone database update) is
    /// never taken for this one's.
    fingerprint: u64,
    /// The last span of time found to share one offset: sessions come in
    /// time order, so most lookups fall in the span of the one before.
    span: Cell<Option<OffsetSpan>>,
}

#[derive(Clone, Copy, Debug)]
struct OffsetSpan {
    from: i64,
    until: i64,
    offset: i32,
}

impl Zone {
    pub fn utc() -> Zone {
        Zone::new(tz::TimeZone::utc(), "UTC", b"UTC")
    }

    fn new(rules: tz::TimeZone, name: &str, source: &[u8]) -> Zone {
        Zone {
            rules,
            name: name.to_string(),
            fingerprint: fingerprint(source),
            span: Cell::new(None),
        }
    }

    /// The zone `TZ` names, as the C library understands it: unset means
    /// `/etc/localtime` (UTC when there is none), empty means UTC, a name
    /// or `:name` is a file of the system's zone database, an absolute
    /// path (after an optional `:`) is that file, and anything else is a
    /// POSIX rule such as `EST5EDT,M3.2.0,M11.1.0` or `<-05>5`. What it
    /// cannot understand is refused: never a silent fallback to UTC.
    pub fn from_tz(tz: Option<&OsStr>) -> Result<Zone, Invalid> {
        let Some(value) = tz else {
            return Ok(read_zone_file(Path::new("/etc/localtime"))
                .and_then(|bytes| Some((tz::TimeZone::from_tz_data(&bytes).ok()?, bytes)))
                .map_or_else(Zone::utc, |(rules, bytes)| Zone::new(rules, "localtime", &bytes)));
        };
        let refuse = |why: &str| {
            Invalid::new(format!(
                "TZ='{}' {why}; use a zone name such as Europe/Berlin, a POSIX rule such as \
                 EST5EDT,M3.2.0,M11.1.0, or a zone file such as /usr/share/zoneinfo/Europe/Berlin",
                value.to_string_lossy()
            ))
        };
        let text = value.to_str().ok_or_else(|| refuse("is not UTF-8 text"))?;
        if text.is_empty() {
            return Ok(Zone::utc());
        }
        let (named_file, name) = match text.strip_prefix(':') {
            Some(name) => (true, name),
            None => (false, text),
        };
        if name.starts_with('/') {
            let bytes =
                read_zone_file(Path::new(name)).ok_or_else(|| refuse("names no readable zone file"))?;
            let rules = tz::TimeZone::from_tz_data(&bytes).map_err(|_| refuse("is not a zone file"))?;
            return Ok(Zone::new(rules, text, &bytes));
        }
        if let Some(bytes) = database_file(name) {
            let rules = tz::TimeZone::from_tz_data(&bytes).map_err(|_| refuse("is not a zone file"))?;
            return Ok(Zone::new(rules, text, &bytes));
        }
        if ["UTC", "GMT", "UCT", "Etc/UTC", "Etc/GMT", "Universal", "Zulu"].contains(&name) {
            // Known to mean UTC even where no zone database is installed.
            return Ok(Zone::utc());
        }
        if named_file {
            return Err(refuse("is not in the system's zone database"));
        }
        match posix_rule(text) {
            Ok(rules) => Ok(Zone::new(rules, text, text.as_bytes())),
            // A rule has an offset, so a digit: one that fails says why.
            Err(why) if text.bytes().any(|b| b.is_ascii_digit()) => Err(refuse(&format!(
                "is not a POSIX TZ rule the C library reads ({why})"
            ))),
            Err(_) if name.contains('/') => Err(refuse(
                "is not in the system's zone database (is the tzdata package installed?)",
            )),
            Err(_) => Err(refuse("is neither a known zone nor a POSIX TZ rule")),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The offset from UTC at a moment.
    pub fn offset_at(&self, unix: i64) -> FixedOffset {
        if let Some(span) = self.span.get()
            && (span.from..span.until).contains(&unix)
        {
            return east(span.offset);
        }
        let found = self.lookup(unix);
        self.span.set(found);
        found.map_or_else(|| east(self.fallback_offset(unix)), |span| east(span.offset))
    }

    /// The offset at `unix` and the span around it that shares it, when
    /// the zone's transitions give one (not past the last transition,
    /// where a rule decides, nor with leap seconds).
    fn lookup(&self, unix: i64) -> Option<OffsetSpan> {
        let rules = self.rules.as_ref();
        let transitions = rules.transitions();
        if !rules.leap_seconds().is_empty() {
            return None;
        }
        let types = rules.local_time_types();
        let at = transitions.partition_point(|t| t.unix_leap_time() <= unix);
        if at == transitions.len() && (rules.extra_rule().is_some() || transitions.is_empty()) {
            if transitions.is_empty() && rules.extra_rule().is_none() {
                let offset = types.first()?.ut_offset();
                return Some(OffsetSpan {
                    from: i64::MIN,
                    until: i64::MAX,
                    offset,
                });
            }
            return None;
        }
        let from = at
            .checked_sub(1)
            .map_or(i64::MIN, |i| transitions[i].unix_leap_time());
        let until = transitions
            .get(at)
            .map_or(i64::MAX, tz::timezone::Transition::unix_leap_time);
        let index = at
            .checked_sub(1)
            .map_or(0, |i| transitions[i].local_time_type_index());
        Some(OffsetSpan {
            from,
            until,
            offset: types.get(index)?.ut_offset(),
        })
    }

    fn fallback_offset(&self, unix: i64) -> i32 {
        self.rules
            .find_local_time_type(unix)
            .map_or(0, tz::LocalTimeType::ut_offset)
    }

    /// A moment in this zone's offset at that moment.
    pub fn local<Tz: TimeZone>(&self, t: &DateTime<Tz>) -> DateTime<FixedOffset> {
        t.with_timezone(&self.offset_at(t.timestamp()))
    }

    /// A local wall-clock time as a moment: the earlier one when a
    /// daylight-saving change repeats it, none when the change skips it.
    pub fn resolve(&self, local: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        let naive_unix = local.and_utc().timestamp();
        // The offsets in force a day either side cover every change that
        // can make this wall time repeat or vanish.
        let mut candidates: Vec<DateTime<FixedOffset>> = [naive_unix - 86_400, naive_unix + 86_400]
            .into_iter()
            .filter_map(|probe| {
                let offset = self.offset_at(probe);
                let moment = local.and_local_timezone(offset).single()?;
                (self.offset_at(moment.timestamp()) == offset).then_some(moment)
            })
            .collect();
        candidates.sort();
        candidates.into_iter().next()
    }
}

impl std::str::FromStr for Zone {
    type Err = Invalid;

    /// A zone as `TZ` would name it.
    fn from_str(tz: &str) -> Result<Zone, Invalid> {
        Zone::from_tz(Some(OsStr::new(tz)))
    }
}

impl std::fmt::Display for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

fn east(seconds: i32) -> FixedOffset {
    FixedOffset::east_opt(seconds).unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"))
}

/// FNV-1a: a stable fingerprint of a zone's source bytes.
fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A zone file's bytes; `None` for what is not a regular file (opened
/// without waiting, so a pipe never hangs) or is far too large to be one.
fn read_zone_file(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .ok()?;
    let metadata = file.metadata().ok()?;
    if !metadata.is_file() || metadata.len() > MAX_ZONE_FILE {
        return None;
    }
    // Room for the whole file and the end-of-file read: two reads.
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).ok()? + 1);
    file.take(MAX_ZONE_FILE).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The zone database's file for a name such as `Europe/Berlin`, looked
/// for where the C library looks (`TZDIR` first). A name that climbs out
/// of the folder (`../`) is no zone name.
fn database_file(name: &str) -> Option<Vec<u8>> {
    if name.split('/').any(|part| part == ".." || part.is_empty()) {
        return None;
    }
    let tzdir = std::env::var("TZDIR").ok().filter(|dir| !dir.is_empty());
    tzdir
        .iter()
        .map(String::as_str)
        .chain(ZONE_FOLDERS)
        .find_map(|folder| read_zone_file(&Path::new(folder).join(name)))
}

/// A POSIX TZ rule alone (no file is looked for), read by tz-rs's own
/// parser as the C library reads it: with the extensions of RFC 8536
/// (transition times from -167 to 167 hours, as glibc takes them), which
/// tz-rs applies to the rule that closes a zone file, so the rule is put
/// in one; and a summer time named without its rules (`EST5EDT4`)
/// changes on the C library's default days, `M3.2.0,M11.1.0`.
fn posix_rule(text: &str) -> Result<tz::TimeZone, String> {
    let first = text.bytes().next().ok_or("it is empty")?;
    if !first.is_ascii_alphabetic() && first != b'<' {
        return Err("a rule starts with the zone's name".into());
    }
    if text
        .bytes()
        .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
    {
        return Err("it holds spaces or control characters".into());
    }
    let read = |rule: &str| tz::TimeZone::from_tz_data(&zone_file_closed_by(rule)).map_err(|e| e.to_string());
    read(text).or_else(|why| {
        if text.contains(',') {
            return Err(why);
        }
        read(&format!("{text},M3.2.0,M11.1.0")).map_err(|_| why)
    })
}

/// A version-3 zone file with no transitions of its own, closed by `rule`.
fn zone_file_closed_by(rule: &str) -> Vec<u8> {
    let header = |out: &mut Vec<u8>| {
        out.extend_from_slice(b"TZif3");
        out.extend_from_slice(&[0; 15]);
        // UT/local and standard/wall indicators, leap seconds, transitions,
        // local time types (one: UTC), designation bytes (one: "").
        for count in [0u32, 0, 0, 0, 1, 1] {
            out.extend_from_slice(&count.to_be_bytes());
        }
        out.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0]);
    };
    let mut bytes = Vec::with_capacity(128 + rule.len());
    header(&mut bytes);
    header(&mut bytes);
    bytes.push(b'\n');
    bytes.extend_from_slice(rule.as_bytes());
    bytes.push(b'\n');
    bytes
}

/// The years a time may have: RFC 3339 writes four digits.
pub const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

#[derive(Clone, Debug)]
pub struct Clock {
    now: DateTime<FixedOffset>,
    zone: Zone,
}

impl Clock {
    /// Reads `TZ` and `BACKWALK_NOW` (RFC 3339 in years 1–9999; else the
    /// system clock).
    pub fn from_env() -> Result<Clock, Invalid> {
        let zone = Zone::from_tz(std::env::var_os("TZ").as_deref())?;
        let now = match std::env::var("BACKWALK_NOW") {
            Ok(text) if !text.is_empty() => {
                let bad = |why: String| {
                    Invalid::new(format!(
                        "BACKWALK_NOW='{text}' {why}; use an RFC 3339 time in years 1-9999, \
                         e.g. 2026-11-21T18:30:00+01:00"
                    ))
                };
                let now = DateTime::parse_from_rfc3339(text.trim())
                    .map_err(|e| bad(format!("is not an RFC 3339 time ({e})")))?
                    .with_timezone(&Utc);
                if !YEARS.contains(&now.year()) || !YEARS.contains(&zone.local(&now).year()) {
                    return Err(bad("is outside the years 1-9999".into()));
                }
                now
            }
            _ => Utc::now(),
        };
        Ok(Clock::new(now, zone))
    }

    pub fn new(now: DateTime<Utc>, zone: Zone) -> Clock {
        let now = now.with_nanosecond(0).unwrap_or(now);
        Clock {
            now: zone.local(&now),
            zone,
        }
    }

    /// Now, in the local offset, to the whole second.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.now
    }

    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    pub fn zone(&self) -> &Zone {
        &self.zone
    }

    /// A moment as the local zone shows it.
    pub fn local(&self, t: &DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        self.zone.local(t)
    }

    /// The local calendar day a moment falls on.
    pub fn date_of(&self, t: &DateTime<FixedOffset>) -> NaiveDate {
        self.zone.local(t).date_naive()
    }

    /// A local wall-clock time as a moment: the earlier one when a
    /// daylight-saving change repeats it, none when the change skips it.
    pub fn resolve(&self, local: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        self.zone.resolve(local)
    }

    /// Whether the local day happened at all: a zone that moved across
    /// the date line skipped one (Pacific/Apia's 30 December 2011).
    pub fn has_day(&self, date: NaiveDate) -> bool {
        let midnight = date.and_time(NaiveTime::MIN);
        (0..24 * 4).any(|quarter| self.resolve(midnight + Duration::minutes(15 * quarter)).is_some())
    }

    /// The first moment of a local day (later than 00:00 where a
    /// daylight-saving change skips midnight).
    pub fn start_of_day(&self, date: NaiveDate) -> DateTime<FixedOffset> {
        let midnight = date.and_time(NaiveTime::MIN);
        (0..=24 * 4)
            .find_map(|quarter| self.resolve(midnight + Duration::minutes(15 * quarter)))
            .unwrap_or_else(|| Utc.from_utc_datetime(&midnight).fixed_offset())
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// A zone by `TZ` value, for tests.
    pub fn zone(tz: &str) -> Zone {
        Zone::from_tz(Some(OsStr::new(tz))).unwrap_or_else(|e| panic!("{tz}: {e}"))
    }

    /// A clock pinned to `now` (RFC 3339) in the zone `tz`.
    pub fn clock(tz: &str, now: &str) -> Clock {
        let now = DateTime::parse_from_rfc3339(now).unwrap().with_timezone(&Utc);
        Clock::new(now, zone(tz))
    }

    fn berlin(now: &str) -> Clock {
        clock("Europe/Berlin", now)
    }

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn local_day_follows_the_zone_not_utc() {
        let clock = berlin("2026-11-21T23:30:00Z");
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
        assert_eq!(clock.now().offset().local_minus_utc(), 3600);
    }

    #[test]
    fn days_across_daylight_saving_changes() {
        let clock = berlin("2026-11-21T12:00:00Z");
        let spring = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        let start = clock.start_of_day(spring);
        let next = clock.start_of_day(spring.succ_opt().unwrap());
        assert_eq!((next - start).num_hours(), 23);
        let gap = spring.and_hms_opt(2, 30, 0).unwrap();
        assert_eq!(clock.resolve(gap), None);
        let autumn = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
        let repeated = autumn.and_hms_opt(2, 30, 0).unwrap();
        assert_eq!(clock.resolve(repeated).unwrap().offset().local_minus_utc(), 7200);
    }

    #[test]
    fn midnight_skipped_by_a_change_starts_the_day_later() {
        // Santiago moved clocks from 00:00 to 01:00 on 2026-09-06.
        let clock = clock("America/Santiago", "2026-11-21T12:00:00Z");
        let day = NaiveDate::from_ymd_opt(2026, 9, 6).unwrap();
        assert_eq!(clock.date_of(&clock.start_of_day(day)), day);
    }

    #[test]
    fn tz_is_read_as_the_c_library_reads_it() {
        // 23:30 EST on 21 Nov is 04:30 UTC on the 22nd.
        let moment = at("2026-11-22T04:30:00Z");
        for tz in [
            "America/New_York",
            ":America/New_York",
            "/usr/share/zoneinfo/America/New_York",
            ":/usr/share/zoneinfo/America/New_York",
            "EST5EDT,M3.2.0,M11.1.0",
            "<-05>5",
            "EST+5",
            "EST5",
        ] {
            let zone = zone(tz);
            assert_eq!(zone.local(&moment).date_naive().to_string(), "2026-11-21", "{tz}");
            assert_eq!(
                zone.offset_at(moment.timestamp()).local_minus_utc(),
                -5 * 3600,
                "{tz}"
            );
        }
        // Summer time from the POSIX rule.
        let july = at("2026-07-01T12:00:00Z").timestamp();
        assert_eq!(
            zone("EST5EDT,M3.2.0,M11.1.0").offset_at(july).local_minus_utc(),
            -4 * 3600
        );
        assert_eq!(zone("").offset_at(july).local_minus_utc(), 0);
    }

    #[test]
    fn posix_rules_the_c_library_accepts_change_when_it_says() {
        // Offsets as glibc's `date` gives them at each moment.
        for (tz, moments) in [
            (
                "EST5EDT,M3.2.0/24,M11.1.0/-1",
                &[
                    ("2026-03-09T04:59:59Z", -5),
                    ("2026-03-09T05:00:00Z", -4),
                    ("2026-11-01T02:59:59Z", -4),
                    ("2026-11-01T03:00:00Z", -5),
                ][..],
            ),
            (
                "AAA1BBB,M3.5.0/-1,M10.5.0/25",
                &[
                    ("2026-03-28T23:59:59Z", -1),
                    ("2026-03-29T00:00:00Z", 0),
                    ("2026-10-26T00:59:59Z", 0),
                    ("2026-10-26T01:00:00Z", -1),
                ],
            ),
            // Summer time named without its rules: the default days.
            (
                "EST5EDT4",
                &[
                    ("2026-03-08T06:59:59Z", -5),
                    ("2026-03-08T07:00:00Z", -4),
                    ("2026-11-01T05:59:59Z", -4),
                    ("2026-11-01T06:00:00Z", -5),
                ],
            ),
            (
                "AAA5BBB",
                &[("2026-01-01T12:00:00Z", -5), ("2026-07-01T12:00:00Z", -4)],
            ),
        ] {
            let zone = zone(tz);
            for (moment, hours) in moments {
                let offset = zone.offset_at(at(moment).timestamp()).local_minus_utc();
                assert_eq!(offset, hours * 3600, "{tz} at {moment}");
            }
        }
    }

    #[test]
    fn a_bad_rule_is_refused_saying_what_is_wrong_with_it() {
        for (tz, why) in [
            ("EST5EDT,M13.2.0,M11.1.0", "month"),
            ("EST5EDT,M3.2.0/200,M11.1.0", "hour"),
            ("EST5EDT,M3.2.0", "POSIX TZ rule"),
        ] {
            let message = Zone::from_tz(Some(OsStr::new(tz))).unwrap_err().to_string();
            assert!(message.contains(why), "{message}");
            assert!(!message.contains("zone database"), "{message}");
        }
    }

    #[test]
    fn a_tz_that_is_a_pipe_or_a_device_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("zone");
        let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        for tz in [fifo.display().to_string(), ":/dev/zero".to_string()] {
            // A reader that waits for a writer would never answer.
            let (answer, answered) = std::sync::mpsc::channel();
            let asked = tz.clone();
            std::thread::spawn(move || {
                let _ = answer.send(Zone::from_tz(Some(OsStr::new(&asked))).map(|_| ()));
            });
            let refused = answered
                .recv_timeout(std::time::Duration::from_secs(10))
                .unwrap_or_else(|_| panic!("TZ={tz} hangs"));
            let message = refused.unwrap_err().to_string();
            assert!(message.contains("no readable zone file"), "{message}");
        }
    }

    #[test]
    fn a_tz_it_cannot_understand_is_refused_naming_it() {
        for tz in [
            "Europe/Nowhere",
            ":Nowhere",
            "/no/such/file",
            "12345",
            "Europe/../../etc/passwd",
            ":/etc/passwd",
        ] {
            let message = Zone::from_tz(Some(OsStr::new(tz))).unwrap_err().to_string();
            assert!(message.contains(&format!("TZ='{tz}'")), "{message}");
        }
    }

    #[test]
    fn zones_differ_in_fingerprint() {
        assert_ne!(
            zone("Europe/Berlin").fingerprint(),
            zone("Europe/Paris").fingerprint()
        );
        assert_eq!(
            zone("Europe/Berlin").fingerprint(),
            zone(":Europe/Berlin").fingerprint()
        );
    }

    #[test]
    fn cached_offsets_agree_with_the_rules_everywhere() {
        let z = zone("Europe/Berlin");
        let mut t = at("1890-01-01T00:00:00Z").timestamp();
        while t < at("2060-01-01T00:00:00Z").timestamp() {
            assert_eq!(z.offset_at(t).local_minus_utc(), z.fallback_offset(t), "at {t}");
            t += 86_400 * 7 + 3_599;
        }
    }
}
