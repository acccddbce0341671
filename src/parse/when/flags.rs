//! What a `When` means to each flag: the start of a walk (`--at`), a
//! range's bounds (`--since`, `--until`), a day (`--date`).

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};

use super::When;
use crate::clock::Clock;

/// Refuses a `moment` after now, naming it as `what`.
fn not_future(moment: DateTime<FixedOffset>, clock: &Clock, what: &str) -> Result<(), String> {
    if moment > clock.now() {
        Err(format!(
            "{what} {} is in the future (now is {})",
            moment.format("%Y-%m-%d %H:%M"),
            clock.now().format("%Y-%m-%d %H:%M")
        ))
    } else {
        Ok(())
    }
}

/// `--at`: the start of the walk; a day without a time is 12:00 that day
/// (`yesterday`, `mon`, `9 Nov`), while today's date is `None` (the walk
/// ended now). Never in the future.
pub fn start_at(when: When, clock: &Clock) -> Result<Option<DateTime<FixedOffset>>, String> {
    let start = match when {
        When::Day { today: true, .. } => return Ok(None),
        When::Day { date, .. } => noon(date, clock),
        When::Moment(moment) => moment,
    };
    not_future(start, clock, "the start")?;
    Ok(Some(start))
}

/// 12:00 local, in the offset of that hour (twelve hours after the day
/// starts in the rare zone that skips noon).
fn noon(date: NaiveDate, clock: &Clock) -> DateTime<FixedOffset> {
    date.and_hms_opt(12, 0, 0)
        .and_then(|noon| clock.resolve(noon))
        .unwrap_or_else(|| clock.start_of_day(date) + Duration::hours(12))
}

/// `--since`/`--from`: a bare day starts at its midnight.
pub fn since(when: When, clock: &Clock) -> DateTime<FixedOffset> {
    match when {
        When::Day { date, .. } => clock.start_of_day(date),
        When::Moment(moment) => moment,
    }
}

/// `--until`/`--to`, as an exclusive bound: a bare day includes all of it.
pub fn until(when: When, clock: &Clock) -> DateTime<FixedOffset> {
    match when {
        When::Day { date, .. } => match date.succ_opt() {
            Some(next) => clock.start_of_day(next),
            None => clock.start_of_day(date) + Duration::days(1),
        },
        When::Moment(moment) => moment + Duration::seconds(1),
    }
}

/// `--date`: the local day, not in the future.
pub fn day(when: When, clock: &Clock) -> Result<NaiveDate, String> {
    let date = match when {
        When::Day { date, .. } => date,
        When::Moment(moment) => clock.date_of(&moment),
    };
    if date > clock.today() {
        return Err(format!("{date} is in the future (today is {})", clock.today()));
    }
    Ok(date)
}
