//! What `calendar --json` prints: the range as far as today, and each
//! day of it with its figures and outcome.

use chrono::NaiveDate;
use serde::Serialize;

use crate::summary::calendar::{Calendar, MarkedDay};

#[derive(Serialize)]
pub struct CalendarView<'a> {
    from: NaiveDate,
    /// The range's last day, or today when that comes first.
    to: NaiveDate,
    days: Vec<&'a MarkedDay>,
}

impl CalendarView<'_> {
    pub fn new(cal: &Calendar) -> CalendarView<'_> {
        CalendarView {
            from: cal.from,
            to: cal.to.min(cal.today).max(cal.from),
            days: cal.days.iter().filter(|d| d.date <= cal.today).collect(),
        }
    }
}
