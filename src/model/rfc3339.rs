//! Times as the store writes them: RFC 3339 with the offset, whole seconds
//! unless the value has a fraction, written without allocating in the
//! usual case because a store holds a time per walk.

use chrono::{DateTime, Datelike, FixedOffset, SecondsFormat, Timelike};
use serde::{Deserializer, Serializer};

/// An offset with seconds (a zone's old local mean time, Berlin's
/// +00:53:28 before 1893) is written in the nearest whole minute, the
/// most RFC 3339 holds, with the time moved to match: the instant stays.
pub fn format(t: &DateTime<FixedOffset>) -> String {
    let mut text = Vec::with_capacity(25);
    write(&mut text, t).expect("writing to memory");
    String::from_utf8(text).expect("ASCII")
}

/// Writes `t` as `format` does, without allocating in the usual case
/// (whole seconds, a year of four digits).
pub fn write(out: &mut impl std::io::Write, t: &DateTime<FixedOffset>) -> std::io::Result<()> {
    let seconds = t.offset().local_minus_utc();
    let minutes = (seconds + 30 * seconds.signum()) / 60;
    let t = match FixedOffset::east_opt(minutes * 60) {
        Some(whole) if seconds % 60 != 0 => t.with_timezone(&whole),
        _ => *t,
    };
    let local = t.naive_local();
    if t.nanosecond() != 0 || !(0..=9999).contains(&local.year()) {
        return out.write_all(t.to_rfc3339_opts(SecondsFormat::AutoSi, false).as_bytes());
    }
    let offset = t.offset().local_minus_utc() / 60;
    let mut text = *b"0000-00-00T00:00:00+00:00";
    let mut put = |at: usize, width: usize, mut value: u32| {
        for i in (at..at + width).rev() {
            text[i] = b'0' + (value % 10) as u8;
            value /= 10;
        }
    };
    put(0, 4, local.year().unsigned_abs());
    put(5, 2, local.month());
    put(8, 2, local.day());
    put(11, 2, local.hour());
    put(14, 2, local.minute());
    put(17, 2, local.second());
    put(20, 2, offset.unsigned_abs() / 60);
    put(23, 2, offset.unsigned_abs() % 60);
    if offset < 0 {
        text[19] = b'-';
    }
    out.write_all(&text)
}

pub fn serialize<S: Serializer>(t: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format(t))
}

/// Parses the text where it lies: a `Cow<str>` would copy every time
/// of the store into a new `String` first.
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
    d.deserialize_str(Rfc3339Visitor)
}

/// A time parsed from its RFC 3339 text, for `next_value`.
pub struct Parsed(pub DateTime<FixedOffset>);

impl<'de> serde::Deserialize<'de> for Parsed {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Parsed, D::Error> {
        deserialize(d).map(Parsed)
    }
}

struct Rfc3339Visitor;

impl serde::de::Visitor<'_> for Rfc3339Visitor {
    type Value = DateTime<FixedOffset>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an RFC 3339 time string")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
        DateTime::parse_from_rfc3339(text)
            .map_err(|e| E::custom(format!("'{text}' is not an RFC 3339 time: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rfc3339;
    use crate::model::tests::at;
    use chrono::NaiveDate;

    #[test]
    fn offsets_with_seconds_are_written_in_whole_minutes_at_the_same_instant() {
        for (offset, written) in [
            (3208, "1880-06-01T11:59:32+00:53"),
            (-2670, "1880-06-01T11:59:30-00:45"),
            (-17_065, "1880-06-01T12:00:25-04:44"),
        ] {
            let zone = FixedOffset::east_opt(offset).unwrap();
            let local = NaiveDate::from_ymd_opt(1880, 6, 1)
                .unwrap()
                .and_hms_opt(12, 0, 0)
                .unwrap();
            let start = local.and_local_timezone(zone).unwrap();
            let text = rfc3339::format(&start);
            assert_eq!(text, written);
            assert_eq!(at(&text), start);
        }
        assert_eq!(
            rfc3339::format(&at("2026-11-21T18:30:00.5+05:45")),
            "2026-11-21T18:30:00.500+05:45"
        );
    }

    #[test]
    fn times_are_written_as_chrono_writes_them() {
        use chrono::{SecondsFormat, TimeZone};
        for (offset, seconds) in [
            (0, 0),
            (3600, 1_700_000_000),
            (-18_000, 86_399),
            (19_800, -2_000_000_000),
            (-3600 * 9 - 1800, 253_402_300_799),
        ] {
            let zone = FixedOffset::east_opt(offset).unwrap();
            let t = zone.timestamp_opt(seconds, 0).unwrap();
            assert_eq!(
                rfc3339::format(&t),
                t.to_rfc3339_opts(SecondsFormat::AutoSi, false)
            );
        }
        let early = at("0999-01-02T03:04:05-00:30");
        assert_eq!(rfc3339::format(&early), "0999-01-02T03:04:05-00:30");
    }
}
