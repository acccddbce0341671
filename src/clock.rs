//! "Now" and the local zone: `BACKWALK_NOW` replaces the system clock and
//! `TZ` chooses the zone, so tests and "as of" scripts see a fixed world.

use anyhow::Result;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use crate::error::Invalid;

#[derive(Clone, Debug)]
pub struct Clock {
    now: DateTime<FixedOffset>,
    zone: Tz,
}

impl Clock {
    /// Reads `TZ` (an IANA name such as `Europe/Berlin`; else the system's
    /// zone; else UTC) and `BACKWALK_NOW` (RFC 3339; else the system clock).
    pub fn from_env() -> Result<Clock> {
        let zone = std::env::var("TZ")
            .ok()
            .and_then(|name| name.trim_start_matches(':').parse::<Tz>().ok())
            .or_else(|| iana_time_zone::get_timezone().ok()?.parse::<Tz>().ok())
            .unwrap_or(Tz::UTC);
        let now = match std::env::var("BACKWALK_NOW") {
            Ok(text) if !text.is_empty() => DateTime::parse_from_rfc3339(text.trim())
                .map_err(|e| {
                    Invalid::new(format!(
                        "BACKWALK_NOW='{text}' is not an RFC 3339 time ({e}); \
                         use e.g. 2026-11-21T18:30:00+01:00"
                    ))
                })?
                .with_timezone(&Utc),
            _ => Utc::now(),
        };
        Ok(Clock::new(now, zone))
    }

    pub fn new(now: DateTime<Utc>, zone: Tz) -> Clock {
        let now = now.with_nanosecond(0).unwrap_or(now);
        Clock {
            now: now.with_timezone(&zone).fixed_offset(),
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

    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// A moment as the local zone shows it.
    pub fn local(&self, t: &DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        t.with_timezone(&self.zone).fixed_offset()
    }

    /// The local calendar day a moment falls on.
    pub fn date_of(&self, t: &DateTime<FixedOffset>) -> NaiveDate {
        t.with_timezone(&self.zone).date_naive()
    }

    /// A local wall-clock time as a moment: the earlier one when a
    /// daylight-saving change repeats it, none when the change skips it.
    pub fn resolve(&self, local: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        self.zone
            .from_local_datetime(&local)
            .earliest()
            .map(|t| t.fixed_offset())
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
mod tests {
    use super::*;

    fn berlin(now: &str) -> Clock {
        let now = DateTime::parse_from_rfc3339(now).unwrap().with_timezone(&Utc);
        Clock::new(now, "Europe/Berlin".parse().unwrap())
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
        let now = DateTime::parse_from_rfc3339("2026-11-21T12:00:00Z").unwrap();
        let clock = Clock::new(now.with_timezone(&Utc), "America/Santiago".parse().unwrap());
        let day = NaiveDate::from_ymd_opt(2026, 9, 6).unwrap();
        assert_eq!(clock.date_of(&clock.start_of_day(day)), day);
    }
}
