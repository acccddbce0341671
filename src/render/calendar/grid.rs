//! Where each day goes: one column per ISO week, one row per weekday,
//! the weeks cut into blocks, and the month and year labels above them,
//! for the text and the SVG alike.

use std::borrow::Cow;
use std::ops::Range;

use chrono::{Datelike, Duration, NaiveDate};

use crate::summary::calendar::{Calendar, MarkedDay};
use crate::summary::monday_of;

/// Weekday labels, Monday first, as the rows run.
pub(crate) const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Where the days go: one column per ISO week from the week of `from` to
/// the week of `to`, one row per weekday.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Grid {
    pub first_monday: NaiveDate,
    pub weeks: usize,
}

impl Grid {
    pub fn new(cal: &Calendar) -> Grid {
        let first_monday = monday_of(cal.from);
        let weeks = if cal.to < cal.from {
            0
        } else {
            days_from(first_monday, monday_of(cal.to)) / 7 + 1
        };
        Grid { first_monday, weeks }
    }

    pub fn monday(&self, week: usize) -> NaiveDate {
        self.first_monday
            + Duration::weeks(i64::try_from(week).expect("a grid has far fewer than 2^63 weeks"))
    }

    /// The column of `date` (which must not be before the first Monday).
    pub fn column(&self, date: NaiveDate) -> usize {
        days_from(self.first_monday, date) / 7
    }

    /// Cuts the weeks into blocks of at most `max_weeks`, as even as they
    /// can be: 53 weeks in text make 27 + 26, not 38 + 15, so the two
    /// halves of a year look alike.
    pub fn blocks(&self, max_weeks: usize) -> Vec<Range<usize>> {
        if self.weeks == 0 {
            return Vec::new();
        }
        let count = self.weeks.div_ceil(max_weeks.max(1));
        let (base, longer) = (self.weeks / count, self.weeks % count);
        let mut start = 0;
        (0..count)
            .map(|i| {
                let len = base + usize::from(i < longer);
                let block = start..start + len;
                start += len;
                block
            })
            .collect()
    }
}

/// What one cell of the grid shows.
pub(crate) enum Slot<'a> {
    /// Before `from` or after `to`: nothing is drawn.
    Outside,
    /// In range but after today: drawn blank.
    Future,
    Day(Cow<'a, MarkedDay>),
}

/// Whole days from `from` to `to`, which must not be before it. (Any two
/// dates are fewer than 2^31 days apart, so only the order can fail.)
fn days_from(from: NaiveDate, to: NaiveDate) -> usize {
    usize::try_from((to - from).num_days()).expect("dates in order")
}

/// The slot of `date`; a date in range that `days` lacks counts as a day
/// without walks rather than a hole in the picture.
pub(crate) fn slot(cal: &Calendar, date: NaiveDate) -> Slot<'_> {
    if date < cal.from || date > cal.to {
        return Slot::Outside;
    }
    if date > cal.today {
        return Slot::Future;
    }
    Slot::Day(cal.day_on(date))
}

/// Where labels go in one block, in columns of that block.
pub(crate) struct Labels {
    pub years: Vec<(usize, String)>,
    pub months: Vec<(usize, String)>,
}

/// How labels may be placed: a column is `unit` wide, a label `width(text)`
/// wide, labels stay `gap` apart and end by `limit` (all in one unit: text
/// columns or SVG pixels).
pub(crate) struct LabelFit<'a> {
    pub unit: f64,
    pub width: &'a dyn Fn(&str) -> f64,
    pub gap: f64,
    pub limit: f64,
}

impl LabelFit<'_> {
    /// Keeps the labels that fit, in the order given (the first ones win a
    /// clash), and returns them by column.
    pub(super) fn place(&self, wanted: Vec<(usize, String)>) -> Vec<(usize, String)> {
        let span = |col: usize, text: &str| {
            let start = col as f64 * self.unit;
            (start, start + (self.width)(text))
        };
        let mut placed: Vec<(usize, String)> = Vec::new();
        for (col, text) in wanted {
            let (start, end) = span(col, &text);
            let clear = placed.iter().all(|(c, t)| {
                let (s, e) = span(*c, t);
                end + self.gap <= s || e + self.gap <= start
            });
            if end <= self.limit && clear {
                placed.push((col, text));
            }
        }
        placed.sort_by_key(|(col, _)| *col);
        placed
    }
}

/// Month labels above the first column of each month, year labels above
/// the first column of each year: a column belongs to the month of its
/// Monday (the first column to that of its first day shown), so a week
/// that runs from 26 Oct to 1 Nov stands under October. The block's first
/// column is labelled too, so a block read on its own says where it is,
/// unless that label would touch a month or year that starts there.
pub(crate) fn block_labels(cal: &Calendar, grid: &Grid, block: &Range<usize>, fit: &LabelFit) -> Labels {
    let month_of = |week: usize| {
        let first = grid.monday(week).max(cal.from);
        (first.year(), first.month())
    };
    let mut month_starts = Vec::new();
    let mut year_starts = Vec::new();
    for week in block.clone() {
        let (year, month) = month_of(week);
        if week == 0 || month_of(week - 1) == (year, month) {
            continue;
        }
        let col = week - block.start;
        let first = grid.monday(week).max(cal.from);
        month_starts.push((col, first.format("%b").to_string()));
        if month_of(week - 1).0 != year {
            year_starts.push((col, year.to_string()));
        }
    }
    let first = grid.monday(block.start).max(cal.from);
    month_starts.push((0, first.format("%b").to_string()));
    year_starts.push((0, first.year().to_string()));
    Labels {
        years: fit.place(year_starts),
        months: fit.place(month_starts),
    }
}
