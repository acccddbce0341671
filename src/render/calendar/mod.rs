//! `calendar`: months of walks at a glance, in 80 columns.
//!
//! Weeks are columns and Monday is on top, as in GitHub's contribution
//! graph. Each day is a cell two characters wide: a glyph for the day's
//! state, then a mark (step-up or pain) or a space. Two columns a day means
//! at most 38 weeks beside the 4-column weekday labels, so a year is cut
//! into blocks stacked one above the other.
//!
//! Why two columns: with one-column cells a mark would have to replace the
//! day's glyph (or ten look-alike glyphs would have to stand for every
//! state-and-mark pair), and a printed page or a `NO_COLOR` terminal would
//! lose either the state or the mark. With the mark in its own column both
//! stay readable, in ASCII too, and the spare column keeps the weeks apart.
//!
//! The geometry (weeks, blocks, month labels, the summary) is shared with
//! `svg.rs`, which draws the same picture.

use std::borrow::Cow;
use std::ops::Range;

use chrono::{Datelike, Duration, NaiveDate};

use super::{Paint, Style, WIDTH};

/// One day of the calendar, as `calendar --json` also shows it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub sessions: u32,
    /// The day's total walking minutes.
    pub minutes: f64,
    /// None when no walk of the day recorded steps.
    pub steps: Option<u64>,
    pub state: DayState,
    /// Minutes met and steps not unmet (`plan::Verdict::on_target`): a
    /// day above the range can be on target too.
    pub on_target: bool,
    /// The plan's target rose thanks to this day.
    pub step_up: bool,
    /// Highest pain 0..=10 recorded that day.
    pub pain_max: Option<u8>,
    /// The pain recorded the next morning.
    pub morning_pain: Option<u8>,
    /// The pain caution (`plan::Verdict::pain_caution`).
    #[serde(skip)]
    pub pain_caution: bool,
    /// The day's target (for the SVG title).
    #[serde(skip)]
    pub target_minutes: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayState {
    None,
    Below,
    OnTarget,
    AboveRange,
}

/// The days to draw: every day from `from` to `to` (both included), in order.
/// Days after `today` (possible with --year) are drawn blank.
pub struct Calendar {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    pub days: Vec<CalendarDay>,
}

/// Pain above this is marked: the threshold of the pain-monitoring model
/// that the plan also uses to hold a step up (the domain decides it).
pub const PAIN_THRESHOLD: u8 = crate::days::PAIN_HOLD_ABOVE;

impl CalendarDay {
    /// A day without walks, as drawn when `days` lacks a date in range.
    pub fn no_walk(date: NaiveDate) -> CalendarDay {
        CalendarDay {
            date,
            sessions: 0,
            minutes: 0.0,
            steps: None,
            state: DayState::None,
            on_target: false,
            step_up: false,
            pain_max: None,
            morning_pain: None,
            pain_caution: false,
            target_minutes: 0,
        }
    }

    /// Pain above the threshold after a walk or the next morning.
    pub fn pain_above_threshold(&self) -> bool {
        self.pain_caution
    }
}

/// Weekday labels, Monday first, as the rows run.
pub(crate) const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Width of the weekday labels and the space after them.
const GUTTER: usize = 4;
/// Each day takes a glyph and a mark.
const CELL: usize = 2;
/// The most weeks one block of text can hold: 38.
const TEXT_WEEKS: usize = (WIDTH - GUTTER) / CELL;

/// The Monday starting `date`'s ISO week.
pub(crate) fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Duration::days(date.weekday().num_days_from_monday().into())
}

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
    Day(Cow<'a, CalendarDay>),
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
    // `days` runs day by day from `from`, so the offset is the index; the
    // search only serves a list with gaps.
    let guess = days_from(cal.from, date);
    let found = match cal.days.get(guess) {
        Some(day) if day.date == date => Some(day),
        _ => cal
            .days
            .binary_search_by_key(&date, |d| d.date)
            .ok()
            .map(|i| &cal.days[i]),
    };
    Slot::Day(found.map_or_else(|| Cow::Owned(CalendarDay::no_walk(date)), Cow::Borrowed))
}

/// The days in range up to today: those a summary may count.
fn days_so_far(cal: &Calendar) -> impl Iterator<Item = &CalendarDay> {
    cal.days
        .iter()
        .filter(|d| d.date >= cal.from && d.date <= cal.to && d.date <= cal.today)
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
    fn place(&self, wanted: Vec<(usize, String)>) -> Vec<(usize, String)> {
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

/// `Walks from 24 Nov 2025 to 25 Nov 2026`, with `as of` when the range
/// runs past today.
pub(crate) fn title(cal: &Calendar) -> String {
    let day = |d: NaiveDate| d.format("%-d %b %Y").to_string();
    let mut title = format!("Walks from {} to {}", day(cal.from), day(cal.to));
    if cal.to > cal.today && cal.today >= cal.from {
        title.push_str(", as of ");
        title.push_str(&day(cal.today));
    }
    title
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The summary as separate phrases, for the caller to join and wrap:
/// `Walked on 12 of 52 days: 8 on target, 4 below target`, `2 above the
/// range`, … Walk days are on target (the one meaning, `on_target`) or
/// below; days above the range are counted apart, on target or not.
pub(crate) fn summary_parts(cal: &Calendar) -> Vec<String> {
    let days: Vec<&CalendarDay> = days_so_far(cal).collect();
    let walked: Vec<&&CalendarDay> = days.iter().filter(|d| d.state != DayState::None).collect();
    let on_target = walked.iter().filter(|d| d.on_target).count();
    let above = walked.iter().filter(|d| d.state == DayState::AboveRange).count();
    let shown = usize::try_from((cal.to.min(cal.today) - cal.from).num_days() + 1).unwrap_or(0);
    vec![
        format!(
            "Walked on {} of {}: {on_target} on target, {} below target",
            walked.len(),
            plural(shown, "day", "days"),
            walked.len() - on_target
        ),
        format!("{above} above the range"),
        plural(days.iter().filter(|d| d.step_up).count(), "step-up", "step-ups"),
        format!(
            "{} with pain above {PAIN_THRESHOLD}",
            plural(
                days.iter().filter(|d| d.pain_above_threshold()).count(),
                "day",
                "days"
            )
        ),
    ]
}

/// Joins `parts` with `sep` into lines no wider than `max` by `width`.
pub(crate) fn join_wrapped(
    parts: &[String],
    sep: &str,
    max: f64,
    width: &dyn Fn(&str) -> f64,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for part in parts {
        let longer = format!("{line}{sep}{part}");
        if line.is_empty() {
            line.clone_from(part);
        } else if width(&longer) <= max {
            line = longer;
        } else {
            lines.push(std::mem::replace(&mut line, part.clone()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The characters of the text calendar.
struct Glyphs {
    none: char,
    below: char,
    on_target: char,
    above_range: char,
    step_up: char,
    pain: char,
}

/// Shapes that differ without colour: nothing, hollow, filled, and a
/// triangle for "over the top"; all one column wide (and in the WGL4 set
/// that every common terminal font covers). The step-up mark is `+`
/// (the target rose by a minute) rather than an arrow, which would look
/// like the above-the-range triangle.
const UNICODE: Glyphs = Glyphs {
    none: '·',
    below: '○',
    on_target: '●',
    above_range: '▲',
    step_up: '+',
    pain: '!',
};

const ASCII: Glyphs = Glyphs {
    none: '.',
    below: 'o',
    on_target: '#',
    above_range: '^',
    step_up: '+',
    pain: '!',
};

fn glyphs(style: Style) -> &'static Glyphs {
    if style.unicode { &UNICODE } else { &ASCII }
}

/// A state's glyph in its colour: no walk dim, below yellow, on target
/// green, above the range cyan (the accent colour; `Style` has no red,
/// and the triangle already says "caution" without colour).
fn state_cell(state: DayState, style: Style) -> String {
    let g = glyphs(style);
    let (glyph, paint) = match state {
        DayState::None => (g.none, Paint::Dim),
        DayState::Below => (g.below, Paint::Warn),
        DayState::OnTarget => (g.on_target, Paint::Good),
        DayState::AboveRange => (g.above_range, Paint::Accent),
    };
    style.paint(&glyph.to_string(), paint)
}

/// The two columns of one day. A day should not carry both marks (pain
/// above 5 holds the step up); if it did, pain is the one shown.
fn day_cell(day: &CalendarDay, style: Style) -> String {
    let g = glyphs(style);
    let mark = if day.pain_above_threshold() {
        style.paint(&g.pain.to_string(), Paint::Bold)
    } else if day.step_up {
        style.paint(&g.step_up.to_string(), Paint::Bold)
    } else {
        " ".to_string()
    };
    format!("{}{mark}", state_cell(day.state, style))
}

/// A line of labels placed at their columns after the gutter.
fn label_line(labels: &[(usize, String)]) -> String {
    let mut line = " ".repeat(GUTTER);
    for (col, text) in labels {
        let at = GUTTER + col * CELL;
        while line.len() < at {
            line.push(' ');
        }
        line.push_str(text);
    }
    line
}

fn block_text(cal: &Calendar, grid: &Grid, block: &Range<usize>, style: Style) -> Vec<String> {
    let width = |text: &str| text.chars().count() as f64;
    let fit = LabelFit {
        unit: CELL as f64,
        width: &width,
        gap: 1.0,
        limit: (WIDTH - GUTTER) as f64,
    };
    let labels = block_labels(cal, grid, block, &fit);
    let mut lines = vec![
        style.paint(&label_line(&labels.years), Paint::Dim),
        label_line(&labels.months),
    ];
    for (row, weekday) in (0..).zip(WEEKDAYS) {
        let mut line = format!("{weekday:<GUTTER$}");
        for week in block.clone() {
            let date = grid.monday(week) + Duration::days(row);
            match slot(cal, date) {
                Slot::Day(day) => line.push_str(&day_cell(&day, style)),
                Slot::Outside | Slot::Future => line.push_str("  "),
            }
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// The key: every glyph and mark, in the grid's colours.
fn legend(cal: &Calendar, style: Style) -> Vec<String> {
    let g = glyphs(style);
    let state = |s| state_cell(s, style);
    let bold = |c: char| style.paint(&c.to_string(), Paint::Bold);
    let mut lines = vec![
        format!(
            "Key: {} no walk   {} below target   {} on target   {} above the range",
            state(DayState::None),
            state(DayState::Below),
            state(DayState::OnTarget),
            state(DayState::AboveRange),
        ),
        format!(
            "     {}{} a step up earned that day   {}{} pain above {PAIN_THRESHOLD} that day",
            state(DayState::OnTarget),
            bold(g.step_up),
            state(DayState::Below),
            bold(g.pain),
        ),
    ];
    if cal.to > cal.today {
        lines.push("     blank: still to come".to_string());
    }
    lines
}

/// The calendar for the terminal: title, summary, the weeks in blocks of
/// up to 38 columns, then the key. Every line fits 80 columns.
pub fn calendar_text(cal: &Calendar, style: &Style) -> String {
    let grid = Grid::new(cal);
    let mut lines = vec![style.paint(&title(cal), Paint::Bold)];
    let chars = |text: &str| text.chars().count() as f64;
    if grid.weeks > 0 {
        lines.extend(join_wrapped(&summary_parts(cal), "; ", WIDTH as f64, &chars));
    }
    for block in grid.blocks(TEXT_WEEKS) {
        lines.push(String::new());
        lines.extend(block_text(cal, &grid, &block, *style));
    }
    lines.push(String::new());
    lines.extend(legend(cal, *style));
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// Calendars to test with, for this file and `svg.rs`.
#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    pub fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a test date")
    }

    /// A walked day in `state` with plausible figures.
    pub fn walk(date: NaiveDate, state: DayState, step_up: bool, pain_max: Option<u8>) -> CalendarDay {
        // 40 steps a minute.
        let (minutes, steps) = match state {
            DayState::None => return CalendarDay::no_walk(date),
            DayState::Below => (4.5, 180),
            DayState::OnTarget => (8.0, 320),
            DayState::AboveRange => (12.5, 500),
        };
        CalendarDay {
            date,
            sessions: 1,
            minutes,
            steps: Some(steps),
            state,
            on_target: state != DayState::Below,
            step_up,
            pain_max,
            morning_pain: None,
            pain_caution: crate::days::pain_above_threshold(pain_max, None),
            target_minutes: 7,
        }
    }

    /// Every day from `from` to `to` seen on `today`, each made by `day`.
    pub fn calendar(from: &str, to: &str, today: &str, day: impl Fn(NaiveDate) -> CalendarDay) -> Calendar {
        let (from, to) = (date(from), date(to));
        Calendar {
            from,
            to,
            today: date(today),
            days: from.iter_days().take_while(|d| *d <= to).map(day).collect(),
        }
    }

    /// A year as a person might walk it, for examples: the starter plan
    /// from 5 to 10 minutes (a step up after 3 met days without pain above
    /// 5), most days walked, some short, a few long, a flare of pain.
    pub fn realistic(from: &str, to: &str, today: &str) -> Calendar {
        let mut cal = calendar(from, to, today, CalendarDay::no_walk);
        let today = cal.today;
        let (mut target, mut met_days) = (5u32, 0);
        for day in cal.days.iter_mut().take_while(|d| d.date <= today) {
            let d = day.date;
            let roll = i64::from(d.num_days_from_ce())
                .cast_unsigned()
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                .rotate_left(29)
                % 100;
            if roll < 18 {
                continue;
            }
            let minutes = match roll {
                18..=30 => f64::from(target) - 1.5,
                31..=35 => 12.0,
                _ => (f64::from(target) + (roll % 3) as f64 * 0.5).min(10.0),
            };
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "3.5 to 12 minutes: a few hundred steps"
            )]
            let steps = (minutes * 38.0) as u64;
            // A week of sore knees in spring.
            let flare = d.month() == 4 && (10..17).contains(&d.day());
            let pain_max = Some(if flare {
                6 + (roll % 3) as u8
            } else {
                (roll % 4) as u8
            });
            let met = minutes >= f64::from(target);
            let state = if minutes > 10.0 || steps > 400 {
                DayState::AboveRange
            } else if met {
                DayState::OnTarget
            } else {
                DayState::Below
            };
            let counts = met && !flare && target < 10;
            met_days += usize::from(counts);
            let step_up = counts && met_days == 3;
            *day = CalendarDay {
                date: d,
                sessions: 1 + u32::from(roll.is_multiple_of(7)),
                minutes,
                steps: (!roll.is_multiple_of(5)).then_some(steps),
                state,
                on_target: met,
                step_up,
                pain_max,
                morning_pain: None,
                pain_caution: crate::days::pain_above_threshold(pain_max, None),
                target_minutes: target,
            };
            if step_up {
                target += 1;
                met_days = 0;
            }
        }
        cal
    }

    /// A varied day that depends on the date without a short period, so a
    /// grid drawn one place off cannot look right: every state, a step-up
    /// on some met days, pain above 5 on some others.
    pub fn patterned(date: NaiveDate) -> CalendarDay {
        let n = i64::from(date.num_days_from_ce()).cast_unsigned();
        let hash = n.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
        let state = match hash % 4 {
            0 => DayState::None,
            1 => DayState::Below,
            2 => DayState::OnTarget,
            _ => DayState::AboveRange,
        };
        let met = matches!(state, DayState::OnTarget | DayState::AboveRange);
        let step_up = met && (hash >> 8).is_multiple_of(9);
        let pain = (state != DayState::None).then_some(((hash >> 16) % 11) as u8);
        let pain = if step_up {
            pain.map(|p| p.min(PAIN_THRESHOLD))
        } else {
            pain
        };
        walk(date, state, step_up, pain)
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{calendar, date, patterned, walk};
    use super::*;
    use unicode_width::UnicodeWidthStr;

    const COLOR: Style = Style {
        color: true,
        unicode: true,
    };
    const ASCII_STYLE: Style = Style {
        color: false,
        unicode: false,
    };

    /// Drops the colour codes, to measure and read what the eye sees.
    fn strip_ansi(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    /// The ranges the contract allows, all seen on 2026-11-25 (a
    /// Wednesday) but for the calendar years.
    fn ranges() -> Vec<Calendar> {
        vec![
            // --months 1, early and late in a month
            calendar("2026-11-01", "2026-11-25", "2026-11-25", patterned),
            calendar("2026-11-01", "2026-11-01", "2026-11-01", patterned),
            // default: this ISO week and the 52 before it
            calendar("2025-11-24", "2026-11-25", "2026-11-25", patterned),
            calendar("2025-11-24", "2026-11-29", "2026-11-29", patterned),
            // --year: 2026 (53 ISO weeks), a past leap year, a future-filled one
            calendar("2026-01-01", "2026-12-31", "2026-11-25", patterned),
            calendar("2028-01-01", "2028-12-31", "2028-12-31", patterned),
            calendar("2020-01-01", "2020-12-31", "2020-12-31", patterned),
            // --months 24 and ten years
            calendar("2024-12-01", "2026-11-25", "2026-11-25", patterned),
            calendar("2016-12-01", "2026-11-25", "2026-11-25", patterned),
        ]
    }

    #[test]
    fn every_line_fits_80_columns() {
        for cal in ranges() {
            for style in [Style::PLAIN, COLOR, ASCII_STYLE] {
                let text = strip_ansi(&calendar_text(&cal, &style));
                for line in text.lines() {
                    assert!(
                        line.width() <= WIDTH,
                        "{} columns from {} to {}:\n{line}",
                        line.width(),
                        cal.from,
                        cal.to
                    );
                }
            }
        }
    }

    #[test]
    fn glyphs_differ_without_colour() {
        for g in [&UNICODE, &ASCII] {
            let all = [g.none, g.below, g.on_target, g.above_range, g.step_up, g.pain];
            for (i, a) in all.iter().enumerate() {
                assert!(!a.is_whitespace());
                assert_eq!(a.to_string().width(), 1, "{a} is one column");
                for b in &all[i + 1..] {
                    assert_ne!(a, b);
                }
            }
        }
        assert!(ASCII.none.is_ascii() && ASCII.below.is_ascii() && ASCII.on_target.is_ascii());
        assert!(ASCII.above_range.is_ascii() && ASCII.step_up.is_ascii() && ASCII.pain.is_ascii());
    }

    /// Reads the grid back from plain text: for each block, the cells of
    /// its rows as (row, column in block, glyph, mark).
    fn read_grid(text: &str) -> Vec<Vec<(usize, usize, char, char)>> {
        let mut blocks = Vec::new();
        let mut current: Option<Vec<(usize, usize, char, char)>> = None;
        for line in text.lines() {
            let weekday = |w: &&str| line == *w || line.starts_with(&format!("{w} "));
            let Some(row) = WEEKDAYS.iter().position(weekday) else {
                continue;
            };
            if row == 0 {
                blocks.extend(current.take());
                current = Some(Vec::new());
            }
            let cells: Vec<char> = line.chars().skip(GUTTER).collect();
            for (col, pair) in cells.chunks(CELL).enumerate() {
                let glyph = pair[0];
                let mark = pair.get(1).copied().unwrap_or(' ');
                if glyph != ' ' || mark != ' ' {
                    current
                        .as_mut()
                        .expect("Mon comes first")
                        .push((row, col, glyph, mark));
                }
            }
        }
        blocks.extend(current);
        blocks
    }

    fn expected_cell(day: &CalendarDay, g: &Glyphs) -> (char, char) {
        let glyph = match day.state {
            DayState::None => g.none,
            DayState::Below => g.below,
            DayState::OnTarget => g.on_target,
            DayState::AboveRange => g.above_range,
        };
        let mark = if day.pain_above_threshold() {
            g.pain
        } else if day.step_up {
            g.step_up
        } else {
            ' '
        };
        (glyph, mark)
    }

    /// Each date appears once, in the row of its weekday and the column
    /// of its ISO week, counted here by walking the days and starting a
    /// new column whenever the ISO week changes (not by the code's own
    /// arithmetic); the cell shows the day's state and mark.
    fn assert_layout(cal: &Calendar, style: Style) {
        let g = glyphs(style);
        let text = calendar_text(cal, &style);
        let blocks = read_grid(&text);
        let grid = Grid::new(cal);
        let split = grid.blocks(TEXT_WEEKS);
        assert_eq!(blocks.len(), split.len());
        let mut expected: Vec<Vec<(usize, usize, char, char)>> = vec![Vec::new(); split.len()];
        let mut column = 0;
        let mut week = cal.from.iso_week();
        for day in &cal.days {
            if day.date.iso_week() != week {
                week = day.date.iso_week();
                column += 1;
            }
            if day.date > cal.today {
                continue;
            }
            let block = split.iter().position(|b| b.contains(&column)).expect("a block");
            let row = day.date.weekday().num_days_from_monday() as usize;
            let (glyph, mark) = expected_cell(day, g);
            expected[block].push((row, column - split[block].start, glyph, mark));
        }
        assert_eq!(column + 1, grid.weeks, "one column per ISO week");
        for (got, want) in blocks.iter().zip(&expected) {
            let mut got = got.clone();
            let mut want = want.clone();
            got.sort_unstable();
            want.sort_unstable();
            assert_eq!(got, want, "{} to {}", cal.from, cal.to);
        }
    }

    #[test]
    fn every_day_once_in_its_weekday_row_and_iso_week_column() {
        for cal in ranges() {
            assert_layout(&cal, Style::PLAIN);
            assert_layout(&cal, ASCII_STYLE);
        }
    }

    #[test]
    fn leap_day_sits_on_its_tuesday() {
        let leap = date("2028-02-29");
        let cal = calendar("2028-01-01", "2028-12-31", "2028-12-31", |d| {
            if d == leap {
                walk(d, DayState::OnTarget, true, None)
            } else {
                CalendarDay::no_walk(d)
            }
        });
        let text = calendar_text(&cal, &Style::PLAIN);
        let found: Vec<(usize, &str)> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains("●+") && !l.starts_with(' '))
            .collect();
        assert_eq!(found.len(), 1, "{text}");
        let (_, line) = found[0];
        assert!(line.starts_with("Tue "), "{line}");
        // 2028 starts on a Saturday: its ISO week 1 begins on Mon 3 Jan, so
        // 29 Feb (week 9) is in the tenth column of the first block.
        let col = line.chars().position(|c| c == '●').unwrap();
        assert_eq!((col - GUTTER) / CELL, 9);
        assert_eq!(leap.iso_week().week(), 9);
    }

    #[test]
    fn a_53_week_year_is_53_columns_in_two_blocks() {
        let cal = calendar("2026-01-01", "2026-12-31", "2026-12-31", patterned);
        let grid = Grid::new(&cal);
        // Thu 1 Jan 2026 is in the week of Mon 29 Dec 2025; Thu 31 Dec 2026
        // in the week of Mon 28 Dec 2026: ISO weeks 1 to 53 of 2026.
        assert_eq!(grid.weeks, 53);
        assert_eq!(grid.blocks(TEXT_WEEKS), vec![0..27, 27..53]);
        let text = calendar_text(&cal, &Style::PLAIN);
        // Mon 29 Dec 2025 is outside the year: the first cell is blank.
        let monday = text.lines().find(|l| l.starts_with("Mon ")).unwrap();
        assert!(monday.starts_with("Mon   "), "{monday}");
    }

    #[test]
    fn blocks_are_even_and_cover_every_week() {
        for weeks in 1..600 {
            let grid = Grid {
                first_monday: date("2026-01-05"),
                weeks,
            };
            for max in [TEXT_WEEKS, 53] {
                let blocks = grid.blocks(max);
                assert_eq!(blocks.first().unwrap().start, 0);
                assert_eq!(blocks.last().unwrap().end, weeks);
                assert!(blocks.windows(2).all(|w| w[0].end == w[1].start));
                let lens: Vec<usize> = blocks.iter().map(ExactSizeIterator::len).collect();
                assert!(lens.iter().all(|&l| l >= 1 && l <= max), "{weeks}: {lens:?}");
                assert!(lens.iter().max().unwrap() - lens.iter().min().unwrap() <= 1);
                assert_eq!(blocks.len(), weeks.div_ceil(max));
            }
        }
    }

    #[test]
    fn marks_sit_beside_the_state_of_their_day() {
        let cal = calendar("2026-11-16", "2026-11-22", "2026-11-22", |d| match d.day() {
            16 => walk(d, DayState::OnTarget, true, None),
            17 => walk(d, DayState::AboveRange, true, None),
            18 => walk(d, DayState::Below, false, Some(7)),
            19 => walk(d, DayState::OnTarget, false, Some(6)),
            20 => walk(d, DayState::AboveRange, false, Some(5)),
            21 => walk(d, DayState::Below, false, Some(2)),
            _ => CalendarDay::no_walk(d),
        });
        let text = calendar_text(&cal, &Style::PLAIN);
        let row = |name: &str| text.lines().find(|l| l.starts_with(name)).unwrap().to_string();
        assert_eq!(row("Mon "), "Mon ●+");
        assert_eq!(row("Tue "), "Tue ▲+");
        assert_eq!(row("Wed "), "Wed ○!");
        assert_eq!(row("Thu "), "Thu ●!");
        // pain 5 is not above 5
        assert_eq!(row("Fri "), "Fri ▲");
        assert_eq!(row("Sat "), "Sat ○");
        assert_eq!(row("Sun "), "Sun ·");
        let ascii = calendar_text(&cal, &ASCII_STYLE);
        let row = |name: &str| ascii.lines().find(|l| l.starts_with(name)).unwrap().to_string();
        assert_eq!(row("Mon "), "Mon #+");
        assert_eq!(row("Tue "), "Tue ^+");
        assert_eq!(row("Wed "), "Wed o!");
        assert_eq!(row("Sun "), "Sun .");
        assert!(text.contains("2 step-ups"), "{text}");
        assert!(text.contains("2 days with pain above 5"), "{text}");
        assert!(
            text.contains("Walked on 6 of 7 days: 4 on target, 2 below target; 2 above the range"),
            "{text}"
        );
    }

    #[test]
    fn the_key_explains_every_glyph_and_mark() {
        let cal = calendar("2026-01-01", "2026-12-31", "2026-11-25", patterned);
        let text = calendar_text(&cal, &Style::PLAIN);
        for needle in [
            "· no walk",
            "○ below target",
            "● on target",
            "▲ above the range",
            "●+ a step up earned that day",
            "○! pain above 5",
            "blank: still to come",
        ] {
            assert!(text.contains(needle), "{needle} in\n{text}");
        }
        let ascii = calendar_text(&cal, &ASCII_STYLE);
        for needle in [
            ". no walk",
            "o below target",
            "# on target",
            "^ above the range",
            "#+",
            "o!",
        ] {
            assert!(ascii.contains(needle), "{needle} in\n{ascii}");
        }
        // Without days to come, no word about them.
        let past = calendar("2025-01-01", "2025-12-31", "2026-11-25", patterned);
        assert!(!calendar_text(&past, &Style::PLAIN).contains("still to come"));
    }

    #[test]
    fn colour_only_when_asked_and_ascii_when_the_locale_wants_it() {
        for cal in ranges() {
            assert!(!calendar_text(&cal, &Style::PLAIN).contains('\x1b'));
            let ascii = calendar_text(&cal, &ASCII_STYLE);
            assert!(ascii.is_ascii(), "{ascii}");
            let coloured = calendar_text(&cal, &COLOR);
            assert!(coloured.contains("\x1b[32m●"), "on target in green");
            assert!(
                coloured.contains("\x1b[1m+") || !cal.days.iter().any(|d| d.step_up && d.date <= cal.today)
            );
            // The colours change nothing else.
            assert_eq!(strip_ansi(&coloured), calendar_text(&cal, &Style::PLAIN));
            let ascii_colour = calendar_text(
                &cal,
                &Style {
                    color: true,
                    unicode: false,
                },
            );
            assert!(strip_ansi(&ascii_colour).is_ascii());
        }
    }

    #[test]
    fn months_are_labelled_where_they_start_without_overlap() {
        let cal = calendar("2025-11-24", "2026-11-25", "2026-11-25", patterned);
        let text = calendar_text(&cal, &Style::PLAIN);
        let grid = Grid::new(&cal);
        let blocks = grid.blocks(TEXT_WEEKS);
        let label_rows: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("    ") && l.split_whitespace().all(|w| w.len() == 3))
            .collect();
        assert_eq!(label_rows.len(), blocks.len(), "{text}");
        let mut seen = Vec::new();
        for (row, block) in label_rows.iter().zip(&blocks) {
            for (at, word) in row.match_indices(|c: char| c.is_ascii_uppercase()) {
                let col = (at - GUTTER) / CELL;
                assert_eq!((at - GUTTER) % CELL, 0, "labels start on a cell");
                let label = &row[at..at + 3];
                let week = grid.monday(block.start + col);
                let month_here = (0..7)
                    .map(|i| week + Duration::days(i))
                    .any(|d| d.format("%b").to_string() == label && d >= cal.from);
                assert!(month_here, "{label} at column {col} ({word})");
                seen.push(label.to_string());
            }
        }
        // Every month from November to November is named at least once.
        for m in [
            "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        ] {
            assert!(seen.iter().any(|s| s == m), "{m} in {seen:?}");
        }
        // The year row names both years.
        assert!(text.lines().any(|l| l.contains("2025")));
        assert!(
            text.lines()
                .any(|l| l.trim_start().starts_with("2026") || l.contains(" 2026"))
        );
    }

    #[test]
    fn labels_never_collide() {
        let width = |t: &str| t.len() as f64;
        let fit = LabelFit {
            unit: 2.0,
            width: &width,
            gap: 1.0,
            limit: 76.0,
        };
        // A block starting the week before a month starts keeps the month.
        let placed = fit.place(vec![(1, "Dec".into()), (0, "Nov".into())]);
        assert_eq!(placed, vec![(1, "Dec".to_string())]);
        let placed = fit.place(vec![(2, "Dec".into()), (0, "Nov".into())]);
        assert_eq!(placed, vec![(0, "Nov".to_string()), (2, "Dec".to_string())]);
        // Nothing runs past the line.
        assert!(fit.place(vec![(37, "Dec".into())]).is_empty());
        assert_eq!(fit.place(vec![(36, "Dec".into())]).len(), 1);
    }

    #[test]
    fn an_empty_range_still_says_what_it_is() {
        let cal = Calendar {
            from: date("2026-11-25"),
            to: date("2026-11-24"),
            today: date("2026-11-25"),
            days: Vec::new(),
        };
        let text = calendar_text(&cal, &Style::PLAIN);
        assert!(text.starts_with("Walks from 25 Nov 2026 to 24 Nov 2026"));
        assert!(!text.contains("Mon "));
    }

    #[test]
    fn a_missing_day_is_drawn_as_no_walk() {
        let mut cal = calendar("2026-11-16", "2026-11-22", "2026-11-22", |d| {
            walk(d, DayState::OnTarget, false, None)
        });
        cal.days.remove(2);
        let text = calendar_text(&cal, &Style::PLAIN);
        assert!(text.lines().any(|l| l == "Wed ·"), "{text}");
    }
}
