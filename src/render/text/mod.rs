//! Human output: lines and screens that fit 80 columns, with durations
//! written one way everywhere (`7m30s`, `8m`, `1h05m`).

use std::fmt::Write;

use chrono::{Datelike, Duration, NaiveDate};

use super::json::DayReport;
use super::{Paint, Style, WIDTH, count, cut, pad, pad_left, plural, rhythm, safe, width, wrap};
use crate::clock::Clock;
use crate::model::{GoalEntry, Goals, Range, Session};
use crate::parse::{format_duration, format_elapsed};
use crate::plan::{
    DAYS_PER_STEP, MET_LEVEL, MET_UPHILL, PAIN_HOLD_ABOVE, Plan, Reason, STEP_BY_STEP, Streaks, TIPS, Verdict,
};
use crate::summary::{DayRow, Period, PeriodRow, Totals, Week};

const BAR: usize = 30;

fn steps_text(steps: Option<u32>, style: Style) -> String {
    steps.map_or_else(|| style.em_dash().into(), |n| count(n.into()))
}

fn surface_text(session: &Session) -> String {
    match session.incline_percent {
        Some(incline) => format!("{} {incline}%", session.surface),
        None => session.surface.to_string(),
    }
}

fn range_text(range: Range, style: Style) -> String {
    format!(
        "{}{}{}",
        count(range.min.into()),
        style.dash(),
        count(range.max.into())
    )
}

/// A day's walking time: `0m` before the first walk, else `7m30s`.
pub fn day_time(seconds: u64) -> String {
    format_duration(seconds)
}

/// What `edit` changed: the walk before and after, and its note when that
/// changed (the brief line has no room for it).
pub fn edit_text(before: &Session, after: &Session, clock: &Clock, style: &Style) -> String {
    let mut text = format!(
        "Before {}\nAfter  {}\n",
        session_brief(before, clock, style),
        session_brief(after, clock, style)
    );
    if before.note != after.note {
        let note = after.note.as_deref().map_or_else(|| "(none)".to_string(), safe);
        let _ = writeln!(text, "{}", cut(&format!("Note   {note}"), WIDTH, style));
    }
    text
}

/// `#12 · 8m · 320 steps · grass · pain 3 · Sat 21 Nov 18:22`
pub fn session_brief(session: &Session, clock: &Clock, style: &Style) -> String {
    let dot = style.dot();
    let mut line = format!(
        "{} {dot} {} {dot} ",
        style.paint(&format!("#{}", session.id), Paint::Bold),
        format_duration(session.seconds())
    );
    if let Some(steps) = session.steps {
        let _ = write!(line, "{} {dot} ", plural(steps.into(), "step", "steps"));
    }
    let _ = write!(line, "{} {dot} ", surface_text(session));
    if let Some(pain) = session.pain {
        let _ = write!(line, "pain {pain} {dot} ");
    }
    let _ = write!(line, "{}", clock.local(&session.start).format("%a %-d %b %H:%M"));
    line
}

/// A walk named so a wrong id is seen at once: `#12 · 7m · Sat 21 Nov 18:00`.
pub fn walk_name(session: &Session, clock: &Clock, style: &Style) -> String {
    let dot = style.dot();
    format!(
        "#{} {dot} {} {dot} {}",
        session.id,
        format_duration(session.seconds()),
        clock.local(&session.start).format("%a %-d %b %H:%M")
    )
}

pub fn list_header(style: &Style) -> String {
    style.paint(
        &format!(
            "{:>7} {:<20} {:>8} {:>6} {:<15} {:>4} note",
            "id", "start", "time", "steps", "surface", "pain"
        ),
        Paint::Dim,
    )
}

/// One row of `list`; the note is cut to fit the line.
pub fn list_row(session: &Session, clock: &Clock, style: &Style) -> String {
    let fixed = format!(
        "{:>7} {:<20} {:>8} {:>6} {:<15} {:>4} ",
        format!("#{}", session.id),
        clock
            .local(&session.start)
            .format("%a %Y-%m-%d %H:%M")
            .to_string(),
        format_duration(session.seconds()),
        pad_left(&steps_text(session.steps, *style), 6),
        surface_text(session),
        session
            .pain
            .map_or_else(|| style.em_dash().to_string(), |p| p.to_string()),
    );
    let room = WIDTH.saturating_sub(width(&fixed));
    let note = session
        .note
        .as_deref()
        .map(|n| cut(&safe(n), room, style))
        .unwrap_or_default();
    format!("{fixed}{note}").trim_end().to_string()
}

/// What an estimate says it is.
fn kcal_label(kcal: f64, kg: f64) -> String {
    format!("~{kcal:.0} kcal (estimate for {kg} kg at 3.5 mph; slower walks burn less)")
}

/// `show`: every field on its own line; a long note wrapped.
pub fn session_block(session: &Session, clock: &Clock, style: &Style, weight_kg: Option<f64>) -> String {
    let mut out = String::new();
    let start = clock.local(&session.start);
    let end = clock.local(&session.end());
    let _ = writeln!(
        out,
        "{}",
        style.paint(&format!("Session #{}", session.id), Paint::Bold)
    );
    let _ = writeln!(out, "  start     {}", start.format("%a %-d %b %Y %H:%M:%S %:z"));
    let _ = writeln!(out, "  end       {}", end.format("%a %-d %b %Y %H:%M:%S %:z"));
    let _ = writeln!(out, "  duration  {}", format_duration(session.seconds()));
    let _ = writeln!(out, "  steps     {}", steps_text(session.steps, *style));
    let _ = writeln!(out, "  surface   {}", session.surface);
    if let Some(incline) = session.incline_percent {
        let _ = writeln!(out, "  incline   {incline}%");
    }
    if let Some(pain) = session.pain {
        let _ = writeln!(out, "  pain      {pain} of 10");
    }
    if let Some(note) = &session.note {
        let _ = writeln!(out, "{}", wrap(&safe(note), "  note      ", "            "));
    }
    if let Some(kg) = weight_kg {
        let kcal = crate::plan::session_kcal(session, kg);
        let _ = writeln!(
            out,
            "{}",
            wrap(&kcal_label(kcal, kg), "  energy    ", "            ")
        );
    }
    out
}

/// The above-the-range caution, saying whose range it is: the articles'
/// (`above the 5–10 minute range the articles give; they advise building
/// up gradually`) or the person's own (`above your 4–6 minute range;
/// build up gradually`).
fn above_caution(verdict: &Verdict, style: Style) -> Option<String> {
    let ranges = [
        verdict.minutes_above.map(|a| (a, "minute")),
        verdict.steps_above.map(|a| (a, "step")),
    ];
    let named = |articles: bool| -> Vec<String> {
        ranges
            .iter()
            .flatten()
            .filter(|(above, _)| above.articles == articles)
            .map(|(above, unit)| format!("{} {unit}", range_text(above.range, style)))
            .collect()
    };
    let ranges = |names: &[String]| match names {
        [one] => format!("{one} range"),
        many => format!("{} ranges", many.join(" and ")),
    };
    let (theirs, yours) = (named(true), named(false));
    Some(match (theirs.is_empty(), yours.is_empty()) {
        (true, true) => return None,
        (false, true) => format!(
            "above the {} the articles give; they advise building up gradually",
            ranges(&theirs)
        ),
        (true, false) => format!("above your {}; build up gradually", ranges(&yours)),
        (false, false) => format!(
            "above the {} the articles give and your {}; build up gradually",
            ranges(&theirs),
            ranges(&yours)
        ),
    })
}

/// The pain caution (`Verdict::pain_caution`).
fn pain_caution(verdict: &Verdict) -> Option<String> {
    verdict.pain_caution.then(|| {
        format!(
            "pain above {PAIN_HOLD_ABOVE}: the day does not count toward a step up; hold at {} \
             minutes a day, and speak to a health professional if it persists",
            verdict.target_minutes
        )
    })
}

/// Every caution a day has, pain first.
fn cautions(verdict: &Verdict, style: Style) -> Vec<String> {
    [pain_caution(verdict), above_caution(verdict, style)]
        .into_iter()
        .flatten()
        .collect()
}

/// `today`, or the day's name when it is another (`Tue 17 Nov`).
fn day_label(date: NaiveDate, clock: &Clock) -> String {
    if date == clock.today() {
        "today".to_string()
    } else {
        date.format("%a %-d %b").to_string()
    }
}

/// `7m30s of 7m ✓`: the day's minutes against its target, `▲` above
/// the range.
fn minutes_verdict(row: &DayRow, style: Style) -> String {
    format!(
        "{} of {} {}",
        day_time(row.day.seconds),
        format_duration(u64::from(row.verdict.target_minutes) * 60),
        style.verdict_mark(Some(row.verdict.minutes_met), row.verdict.minutes_above.is_some())
    )
}

/// The recorded steps, or `—` when none were.
fn day_steps(steps: Option<u64>, style: Style) -> String {
    steps.map_or_else(|| style.em_dash().to_string(), count)
}

/// `310 of 200–400 steps ✓` (`with_range` false: `310 steps ✓`); `None`
/// without a steps goal.
fn steps_verdict(row: &DayRow, goals: &GoalEntry, with_range: bool, style: Style) -> Option<String> {
    let range = goals.steps?;
    if row.day.sessions > 0 && row.day.steps.is_none() {
        return Some("steps not recorded".to_string());
    }
    let of = if with_range {
        format!(" of {}", range_text(range, style))
    } else {
        String::new()
    };
    let steps = day_steps(row.day.steps, style);
    Some(match row.verdict.steps_met {
        None => format!("{steps}{of} steps"),
        Some(met) => format!(
            "{steps}{of} steps {}",
            style.verdict_mark(Some(met), row.verdict.steps_above.is_some())
        ),
    })
}

/// `today 8m of 8m ✓ · 320 of 200–400 steps ✓` for the walk's day, then
/// the day's cautions on their own lines, in place of plain praise.
pub fn progress_line(day: &DayReport, clock: &Clock, style: &Style) -> String {
    let row = &day.row;
    let mut line = format!(
        "{} {}",
        day_label(row.day.date, clock),
        minutes_verdict(row, *style)
    );
    if let Some(steps) = steps_verdict(row, day.goals, true, *style) {
        let _ = write!(line, " {} {steps}", style.dot());
    }
    for caution in cautions(&row.verdict, *style) {
        let _ = write!(line, "\n{}", wrap(&caution, "  ", "  "));
    }
    line
}

/// What to do next, in one sentence.
pub fn coach_line(day: &DayReport) -> String {
    let row = &day.row;
    let target = row.verdict.target_minutes;
    let needed = u64::from(target) * 60;
    if row.day.sessions == 0 {
        let article = super::article(target.into());
        let capital = if article == "an" { "An" } else { "A" };
        return format!("{capital} {target}-minute walk keeps the plan going.");
    }
    if row.day.seconds < needed {
        return format!(
            "{} more reaches today's {target}-minute target.",
            format_duration(needed - row.day.seconds)
        );
    }
    if let (Some(false), Some(range)) = (row.verdict.steps_met, day.goals.steps) {
        let more = u64::from(range.min) - row.day.steps.unwrap_or(0);
        return format!(
            "{} more reach {} for the day.",
            plural(more, "backward step", "backward steps"),
            count(range.min.into())
        );
    }
    "Today's targets are met: well done. Rest, or add an easy few minutes.".into()
}

/// `7 minutes a day · 1 of 3 days toward 8 minutes`: the plan as of
/// `on`. A step up earned on `on` applies from the next day, which the
/// line names, since `on`'s own target is still the one before.
pub fn plan_summary(plan: &Plan, on: NaiveDate, style: &Style) -> String {
    let from = plan
        .history
        .last()
        .filter(|change| change.from > on)
        .map(|change| format!(" from {}", change.from.format("%a %-d %b")))
        .unwrap_or_default();
    if plan.complete {
        return format!(
            "{} minutes a day{from}: the starter plan is complete",
            plan.target_minutes
        );
    }
    let next = if plan.target_minutes < plan.range.max {
        format!("toward {} minutes", plan.target_minutes + 1)
    } else {
        "toward completing the plan".to_string()
    };
    format!(
        "{} minutes a day{from} {} {} of {DAYS_PER_STEP} days {next}",
        plan.target_minutes,
        style.dot(),
        plan.days_toward_next
    )
}

fn streak_text(streaks: Streaks, style: Style) -> String {
    format!(
        "{} {} longest {}",
        plural(streaks.current.into(), "day", "days"),
        style.dot(),
        plural(streaks.longest.into(), "day", "days")
    )
}

/// `today`: bars, sessions, streak, plan and what to do next.
#[allow(
    clippy::too_many_lines,
    reason = "one screen, written top to bottom as it reads"
)]
pub fn day_screen(day: &DayReport, clock: &Clock, style: &Style) -> String {
    let row = &day.row;
    let goals = day.goals;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        style.paint(&row.day.date.format("%A %-d %B %Y").to_string(), Paint::Bold)
    );
    let _ = writeln!(out);
    let target = f64::from(row.verdict.target_minutes);
    let scale = row.day.minutes().max(goals.minutes.max.into());
    let _ = writeln!(
        out,
        "  minutes  {}  {}",
        style.bar(row.day.minutes(), scale, BAR, Some(target)),
        minutes_verdict(row, *style),
    );
    match goals.steps {
        Some(range) => {
            let steps = row.day.steps.unwrap_or(0);
            let scale = (steps as f64).max(range.max.into());
            let counted = match row.verdict.steps_met {
                None => "(not counted)".to_string(),
                Some(met) => style.verdict_mark(Some(met), row.verdict.steps_above.is_some()),
            };
            let _ = writeln!(
                out,
                "  steps    {}  {} of {} {counted}",
                style.bar(steps as f64, scale, BAR, Some(range.min.into())),
                day_steps(row.day.steps, *style),
                range_text(range, *style),
            );
        }
        None => {
            let _ = writeln!(
                out,
                "  steps    {} (no steps goal)",
                day_steps(row.day.steps, *style)
            );
        }
    }
    if let Some(pain) = row.day.pain_max {
        let _ = writeln!(out, "  pain     {pain} of 10 at most");
    }
    if let Some(pain) = row.day.morning_pain {
        let _ = writeln!(
            out,
            "{}",
            wrap(&rhythm::morning_text(pain), "  morning  ", "           ")
        );
    }
    let _ = writeln!(out);
    if day.sessions.is_empty() && day.rhythm.weekly() && day.rhythm.rest_day {
        let _ = writeln!(out, "  {}", style.paint("rest day", Paint::Dim));
    } else if day.sessions.is_empty() {
        let none = if row.day.date == clock.today() {
            "no walk yet"
        } else {
            "no walk"
        };
        let _ = writeln!(out, "  {}", style.paint(none, Paint::Dim));
    }
    for session in day.sessions {
        let _ = writeln!(out, "  {}", session_brief(session, clock, style));
    }
    let _ = writeln!(out);
    out.push_str(&rhythm::streak_lines(
        &day.rhythm,
        &streak_text(day.streaks, *style),
    ));
    let plan = plan_summary(day.plan, row.day.date, style);
    let _ = writeln!(out, "{}", wrap(&plan, "  plan    ", "          "));
    if let Some(timer) = day.timer {
        let elapsed = u64::try_from((day.now - timer.start).num_seconds()).unwrap_or(0);
        let _ = writeln!(
            out,
            "  timer   running since {} ({}, {})",
            clock.local(&timer.start).format("%a %H:%M"),
            format_elapsed(elapsed),
            timer.surface
        );
        if day.timer_forgotten(timer) {
            let _ = writeln!(
                out,
                "          longer than any plausible walk: forgotten? Say when it ended:"
            );
            let _ = writeln!(
                out,
                "          backwalk stop --at WHEN   or   backwalk stop --duration D"
            );
        }
    }
    if let (Some(kcal), Some(kg)) = (row.kcal, goals.weight_kg) {
        let _ = writeln!(out, "{}", wrap(&kcal_label(kcal, kg), "  energy  ", "          "));
    }
    let cautions = cautions(&row.verdict, *style);
    for caution in &cautions {
        let _ = writeln!(out, "{}", wrap(caution, "  caution ", "          "));
    }
    if row.day.date == clock.today() && cautions.is_empty() {
        let next = if day.rhythm.weekly() && day.rhythm.rest_day {
            rhythm::rest_line(&day.rhythm)
        } else {
            coach_line(day)
        };
        let _ = writeln!(out, "{}", wrap(&next, "  next    ", "          "));
    }
    out
}

/// `status`: one line for prompts and status bars, never over 80
/// columns: the less important parts go first when it would be.
pub fn status_line(day: &DayReport, style: &Style) -> String {
    let mut timer = String::new();
    if let Some(t) = day.timer {
        let elapsed = u64::try_from((day.now - t.start).num_seconds()).unwrap_or(0);
        let _ = write!(
            timer,
            "{} {} {}",
            style.paint("timer", Paint::Accent),
            format_elapsed(elapsed),
            t.surface
        );
        if day.timer_forgotten(t) {
            timer.push_str(" forgotten?");
        }
        let _ = write!(timer, " {} ", style.dot());
    }
    let streak = match day.rhythm.streak_weeks {
        Some(weeks) => format!(
            " {dot} {}{} {dot} streak {}",
            if day.rhythm.rest_day { "rest day, " } else { "" },
            rhythm::week_days_text(day.rhythm.week_days),
            rhythm::weeks_text(weeks),
            dot = style.dot()
        ),
        None => format!(" {} streak {}", style.dot(), day.streaks.current),
    };
    let row = &day.row;
    let pain = if row.verdict.pain_caution {
        format!(" {} pain!", style.dot())
    } else {
        String::new()
    };
    // Longest first; the less important parts go when it would not fit.
    let steps = |with_range| {
        steps_verdict(row, day.goals, with_range, *style)
            .map(|steps| format!(" {} {steps}", style.dot()))
            .unwrap_or_default()
    };
    let today = format!("today {}", minutes_verdict(row, *style));
    let candidates = [
        format!("{timer}{today}{}{pain}{streak}", steps(true)),
        format!("{timer}{today}{}{pain}{streak}", steps(false)),
        format!("{timer}{today}{pain}{streak}"),
    ];
    let fits = candidates.iter().find(|line| width(line) <= WIDTH);
    cut(fits.unwrap_or(&candidates[2]), WIDTH, style)
}

/// A change in minutes, written as a duration: `+26m`, `-1m30s`, `0m`.
fn signed_time(now: u64, before: u64) -> String {
    let text = format_duration(now.abs_diff(before));
    match now.cmp(&before) {
        std::cmp::Ordering::Equal => text,
        std::cmp::Ordering::Less => format!("-{text}"),
        std::cmp::Ordering::Greater => format!("+{text}"),
    }
}

fn signed(now: u64, before: u64, one: &str, many: &str) -> String {
    let sign = match now.cmp(&before) {
        std::cmp::Ordering::Less => "-",
        std::cmp::Ordering::Greater => "+",
        std::cmp::Ordering::Equal => "",
    };
    format!("{sign}{}", plural(now.abs_diff(before), one, many))
}

/// `1,870 steps`, or `— steps` when no walk recorded any.
fn steps_total(steps: Option<u64>, style: Style) -> String {
    steps.map_or_else(
        || format!("{} steps", style.em_dash()),
        |n| plural(n, "step", "steps"),
    )
}

/// The steps a span's walks took, to compare: none without walks,
/// unknown when it had walks and none of them recorded steps.
fn steps_taken(totals: &Totals) -> Option<u64> {
    match totals.steps {
        None if totals.sessions == 0 => Some(0),
        steps => steps,
    }
}

fn pain_text(pain: Option<f64>) -> String {
    pain.map_or_else(|| "none recorded".to_string(), |p| format!("{p:.1}"))
}

/// `week`: the table, the chart, the totals.
#[allow(
    clippy::too_many_lines,
    reason = "one screen, written top to bottom as it reads"
)]
pub fn week_screen(
    week: &Week,
    goals: &Goals,
    streaks: Streaks,
    plan: &Plan,
    clock: &Clock,
    style: &Style,
) -> String {
    let mut out = String::new();
    let sunday = week.monday + Duration::days(6);
    let dot = style.dot();
    let _ = writeln!(
        out,
        "{}",
        style.paint(
            &format!(
                "Week {} {dot} {} {} {}",
                Period::Week.label(week.monday),
                week.monday.format("%a %-d %b"),
                style.dash(),
                sunday.format("%a %-d %b %Y")
            ),
            Paint::Bold
        )
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}",
        style.paint(
            &format!(
                "  {:<10}  {:>5}  {:>7}  {:>6}  {:>6}  {:>7}  {:>9}  {:>4}",
                "day", "walks", "time", "steps", "target", "min met", "steps met", "pain"
            ),
            Paint::Dim
        )
    );
    for row in &week.days {
        let name = row.day.date.format("%a %-d %b").to_string();
        let d = &row.day;
        let target = format_duration(u64::from(row.verdict.target_minutes) * 60);
        if row.future {
            let _ = writeln!(out, "  {name:<10}  {}", style.paint("(to come)", Paint::Dim));
            continue;
        }
        let pain = d
            .pain_max
            .map_or_else(|| style.em_dash().to_string(), |p| p.to_string());
        let (minutes_mark, steps_mark) = if d.sessions == 0 {
            (style.em_dash().to_string(), style.em_dash().to_string())
        } else {
            (
                style.verdict_mark(Some(row.verdict.minutes_met), row.verdict.minutes_above.is_some()),
                style.verdict_mark(row.verdict.steps_met, row.verdict.steps_above.is_some()),
            )
        };
        let _ = writeln!(
            out,
            "  {name:<10}  {:>5}  {:>7}  {:>6}  {:>6}  {}  {}  {}",
            d.sessions,
            day_time(d.seconds),
            d.steps.map_or_else(|| style.em_dash().to_string(), count),
            target,
            pad_left(&minutes_mark, 7),
            pad_left(&steps_mark, 9),
            pad_left(&pain, 4),
        );
    }
    let _ = writeln!(out);
    let scale = week
        .days
        .iter()
        .map(|row| row.day.minutes())
        .chain(
            week.days
                .iter()
                .map(|row| f64::from(goals.in_force(row.day.date).minutes.max)),
        )
        .fold(1.0, f64::max);
    let _ = writeln!(out, "  Minutes per day (| marks each day's target)");
    for row in &week.days {
        let target = f64::from(row.verdict.target_minutes);
        let bar = style.bar(row.day.minutes(), scale, 50, Some(target));
        if row.future {
            let _ = writeln!(out, "  {}  {bar}", row.day.date.format("%a"));
        } else {
            let _ = writeln!(
                out,
                "  {}  {bar}  {}",
                row.day.date.format("%a"),
                day_time(row.day.seconds)
            );
        }
    }
    let _ = writeln!(out);
    let t = &week.totals;
    let _ = writeln!(
        out,
        "  total     {} {dot} {} {dot} {}",
        plural(t.sessions.into(), "walk", "walks"),
        day_time(t.seconds),
        steps_total(t.steps, *style)
    );
    let average = if week.active_days > 0 {
        t.seconds / u64::from(week.active_days)
    } else {
        0
    };
    let _ = writeln!(
        out,
        "  days      {} active {dot} {} on target {dot} {} per active day",
        week.active_days,
        week.days_on_target,
        day_time(average)
    );
    if t.pain_avg.is_some() || week.previous.pain_avg.is_some() {
        let _ = writeln!(
            out,
            "{}",
            wrap(
                &format!(
                    "average of daily highest {} (the week before: {})",
                    pain_text(t.pain_avg),
                    pain_text(week.previous.pain_avg)
                ),
                "  pain      ",
                "            "
            )
        );
    }
    if week.week_days.goal < crate::rhythm::EVERY_DAY {
        let _ = writeln!(out, "  rhythm    {}", rhythm::week_days_text(week.week_days));
    }
    match week.streak_weeks {
        Some(weeks) => {
            let _ = writeln!(out, "  streak    {}", rhythm::weeks_text(weeks));
        }
        None => {
            let _ = writeln!(out, "  streak    {}", streak_text(streaks, *style));
        }
    }
    if let Some(best) = &week.best {
        let _ = writeln!(
            out,
            "  best      #{} {dot} {} {dot} {}",
            best.id,
            format_duration(best.seconds()),
            clock.local(&best.start).format("%a %-d %b")
        );
    }
    if !week.by_surface.is_empty() {
        let surfaces: Vec<String> = week
            .by_surface
            .iter()
            .map(|(surface, seconds)| format!("{surface} {}", day_time(*seconds)))
            .collect();
        let _ = writeln!(
            out,
            "{}",
            wrap(
                &surfaces.join(&format!(" {dot} ")),
                "  surfaces  ",
                "            "
            )
        );
    }
    if let Some(kcal) = week.kcal {
        let _ = writeln!(
            out,
            "{}",
            wrap(
                &format!(
                    "~{kcal:.0} kcal{} (estimate at 3.5 mph; slower walks burn less)",
                    week.kcal_walks.map_or_else(String::new, |walks| format!(
                        " for {walks} of {}",
                        plural(t.sessions.into(), "walk", "walks")
                    ))
                ),
                "  energy    ",
                "            "
            )
        );
    }
    let p = &week.previous;
    let _ = writeln!(
        out,
        "  vs before {} {dot} {} {dot} {}",
        signed(t.sessions.into(), p.sessions.into(), "walk", "walks"),
        signed_time(t.seconds, p.seconds),
        match (steps_taken(t), steps_taken(p)) {
            (Some(now), Some(before)) => signed(now, before, "step", "steps"),
            // Walks that counted no steps are not walks of 0 steps.
            _ => format!("steps {}", style.em_dash()),
        }
    );
    let plan = plan_summary(plan, sunday.min(clock.today()), style);
    let _ = writeln!(out, "{}", wrap(&plan, "  plan      ", "            "));
    if let Some(mornings) = rhythm::week_mornings(week, *style) {
        let _ = writeln!(out, "{}", wrap(&mornings, "  mornings  ", "            "));
    }
    for row in week.days.iter().filter(|row| !row.future) {
        for caution in cautions(&row.verdict, *style) {
            let text = format!("{} {caution}", row.day.date.format("%a"));
            let _ = writeln!(out, "{}", wrap(&text, "  caution   ", "            "));
        }
    }
    out
}

/// `report`: a row per period, then the total.
pub fn report_table(rows: &[PeriodRow], style: &Style) -> String {
    let mut out = String::new();
    let line = |label: &str, from: &str, to: &str, t: &Totals, on_target: u32, pain: &str| {
        format!(
            "{:<10} {:<10} {:<10} {:>5} {:>8} {:>9} {:>9} {:>5}",
            label,
            from,
            to,
            t.sessions,
            day_time(t.seconds),
            day_steps(t.steps, *style),
            on_target,
            pain
        )
    };
    let _ = writeln!(
        out,
        "{}",
        style.paint(
            &format!(
                "{:<10} {:<10} {:<10} {:>5} {:>8} {:>9} {:>9} {:>5}",
                "period", "from", "to", "walks", "time", "steps", "on target", "pain"
            ),
            Paint::Dim
        )
    );
    let mut total = Totals::default();
    let mut on_target = 0;
    let dash = style.em_dash();
    for row in rows {
        total.add(&row.totals);
        on_target += row.days_on_target;
        let pain = row
            .totals
            .pain_avg
            .map_or_else(|| dash.to_string(), |p| format!("{p:.1}"));
        let _ = writeln!(
            out,
            "{}",
            line(
                &row.label,
                &row.from.to_string(),
                &row.to.to_string(),
                &row.totals,
                row.days_on_target,
                &pain
            )
        );
    }
    let _ = writeln!(
        out,
        "{}",
        style.paint(
            line("total", "", "", &total, on_target, "").trim_end(),
            Paint::Bold
        )
    );
    if rows.iter().any(|row| row.totals.pain_avg.is_some()) {
        let _ = writeln!(
            out,
            "{}",
            style.paint("pain: the average of daily highest pain after walks", Paint::Dim)
        );
    }
    out
}

/// `plan`: the target, progress, steps up, the rule, and the guidance.
#[allow(
    clippy::too_many_lines,
    reason = "one screen, written top to bottom as it reads"
)]
pub fn plan_screen(plan: &Plan, today: NaiveDate, style: &Style) -> String {
    let mut out = String::new();
    let range = range_text(plan.range, *style);
    let _ = writeln!(
        out,
        "{}",
        style.paint(
            &format!(
                "Starter plan: {} minutes a day (range {range} minutes)",
                plan.target_minutes
            ),
            Paint::Bold
        )
    );
    if plan.complete {
        let _ = writeln!(
            out,
            "{}",
            wrap(
                &format!(
                    "Complete: {} minutes, the high end of your range, met on {DAYS_PER_STEP} days. \
                     Keep it up, or widen the range with `backwalk goals --minutes LOW-HIGH`.",
                    plan.target_minutes
                ),
                "  ",
                "  "
            )
        );
    } else {
        let next = plan.target_minutes + 1;
        let goal = if plan.target_minutes < plan.range.max {
            format!("toward {next} minutes")
        } else {
            "toward completing the plan".to_string()
        };
        let _ = writeln!(
            out,
            "  {}  {} of {DAYS_PER_STEP} days {goal}",
            style.bar(plan.days_toward_next.into(), DAYS_PER_STEP.into(), 12, None),
            plan.days_toward_next,
        );
        let left = DAYS_PER_STEP - plan.days_toward_next;
        let then = if plan.target_minutes < plan.range.max {
            format!("to step up to {next} minutes")
        } else {
            "to complete the plan".to_string()
        };
        let _ = writeln!(
            out,
            "{}",
            wrap(
                &format!(
                    "Next: walk {} minutes or more a day on {} {then}.",
                    plan.target_minutes,
                    plural(left.into(), "more day", "more days")
                ),
                "  ",
                "  "
            )
        );
    }
    if plan.held_by_pain {
        let _ = writeln!(
            out,
            "{}",
            wrap(
                &format!(
                    "Held: a day that met the target had pain above {PAIN_HOLD_ABOVE}, so it did not count. \
                     Hold at {} minutes a day, and speak to a health professional if the pain persists.",
                    plan.target_minutes
                ),
                "  ",
                "  "
            )
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", style.paint("Changes of target", Paint::Bold));
    if plan.history.is_empty() {
        let _ = writeln!(
            out,
            "  none yet: the plan starts at {} minutes",
            plan.target_on(NaiveDate::MIN)
        );
    }
    for change in &plan.history {
        let why = match (change.reason, change.earned_by) {
            (Reason::StepUp, Some(days)) => format!(", earned by {}", dates_text(&days)),
            (Reason::StepUp, None) => ", a step up".to_string(),
            (Reason::Range, _) => ": the range changed".to_string(),
        };
        let text = format!(
            "{} minutes a day from {}{why}",
            change.target_minutes,
            change.from.format("%a %-d %b %Y")
        );
        let _ = writeln!(out, "{}", wrap(&text, "  ", "    "));
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", style.paint("How the plan works", Paint::Bold));
    let rule = format!(
        "The article \"{STEP_BY_STEP}\" says to start with 5-10 minutes and increase the time \
         gradually. This rule is backwalk's own way of doing that: the target starts at the low end of \
         your range ({}) and rises by one minute each time you reach it on {DAYS_PER_STEP} \
         different days, up to the high end ({}); {DAYS_PER_STEP} days there complete the plan. \
         A day whose highest pain after its walks, or the next morning, is above {PAIN_HOLD_ABOVE} \
         out of 10 does not count (the threshold of a pain-monitoring model adapted from Silbernagel \
         et al. 2007, a model developed for Achilles tendinopathy). Missed days never lower the \
         target. It is worked out afresh from your history as of {today}, so edits and deletions count.",
        plan.range.min, plan.range.max
    );
    let _ = writeln!(out, "{}", wrap(&rule, "  ", "  "));
    let _ = writeln!(out);
    out.push_str(&tips_text(style));
    out
}

/// `19, 20 and 21 Oct`, `30, 31 Oct and 1 Nov`: each month named after
/// its last day in the list.
fn dates_text(dates: &[NaiveDate]) -> String {
    let named: Vec<String> = dates
        .iter()
        .enumerate()
        .map(|(at, date)| match dates.get(at + 1) {
            Some(next) if (next.year(), next.month()) == (date.year(), date.month()) => {
                date.format("%-d").to_string()
            }
            _ => date.format("%-d %b").to_string(),
        })
        .collect();
    match named.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => named.concat(),
    }
}

pub fn tips_text(style: &Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.paint("Technique and safety", Paint::Bold));
    let bullet = if style.unicode { "•" } else { "-" };
    let mut sources: Vec<&str> = TIPS.iter().map(|t| t.source).collect();
    sources.dedup();
    for source in sources {
        let heading = match source {
            crate::plan::SAFETY => "General safety practice (not stated in the articles):".to_string(),
            crate::plan::PAIN_MODEL => format!("backwalk's pain rule, {source}:"),
            title => format!("From the article \"{title}\":"),
        };
        let _ = writeln!(out, "{}", style.paint(&wrap(&heading, "  ", "  "), Paint::Dim));
        for tip in TIPS.iter().filter(|t| t.source == source) {
            let _ = writeln!(out, "{}", wrap(tip.text, &format!("  {bullet} "), "    "));
        }
    }
    let _ = writeln!(
        out,
        "{}",
        wrap(
            "backwalk tracks your walks; it makes no claim about their effect on your health.",
            "  ",
            "  "
        )
    );
    out
}

/// `goals`: the targets in force today, and with `history` every change.
pub fn goals_text(goals: &Goals, today: NaiveDate, history: bool, style: &Style) -> String {
    let mut out = String::new();
    let now = goals.in_force(today);
    let _ = writeln!(out, "  minutes  {} a day", range_text(now.minutes, *style));
    match now.steps {
        Some(range) => {
            let _ = writeln!(
                out,
                "  steps    {} backward steps a day",
                range_text(range, *style)
            );
        }
        None => {
            let _ = writeln!(out, "  steps    off (days are judged on minutes alone)");
        }
    }
    let _ = writeln!(out, "  days     {}", super::rhythm::days_text(now.days_per_week));
    match now.weight_kg {
        Some(kg) => {
            let _ = writeln!(
                out,
                "  weight   {kg} kg (for calorie estimates: {MET_LEVEL} MET level, {MET_UPHILL} MET uphill)"
            );
        }
        None => {
            let _ = writeln!(
                out,
                "  weight   not set (set it with --weight KG for calorie estimates)"
            );
        }
    }
    if history {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", style.paint("Changes", Paint::Bold));
        for entry in goals.entries() {
            let from = entry
                .from
                .map_or_else(|| "the start ".to_string(), |d| d.to_string());
            let steps = entry
                .steps
                .map_or_else(|| "off".to_string(), |r| range_text(r, *style));
            let weight = entry
                .weight_kg
                .map_or_else(|| style.em_dash().to_string(), |kg| format!("{kg} kg"));
            let line = format!(
                "  from {}  minutes {}  steps {}  days {}",
                pad(&from, 10),
                pad(&range_text(entry.minutes, *style), 7),
                pad(&steps, 13),
                entry.days_per_week,
            );
            let weight = format!("weight {weight}");
            // The widest ranges and weight take a second line, under the date.
            if width(&line) + 2 + width(&weight) <= WIDTH {
                let _ = writeln!(out, "{line}  {weight}");
            } else {
                let _ = writeln!(out, "{line}\n       {weight}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_name_each_month_once() {
        let d = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        assert_eq!(
            dates_text(&[d("2026-10-19"), d("2026-10-20"), d("2026-10-21")]),
            "19, 20 and 21 Oct"
        );
        assert_eq!(
            dates_text(&[d("2026-10-30"), d("2026-10-31"), d("2026-11-01")]),
            "30, 31 Oct and 1 Nov"
        );
        assert_eq!(dates_text(&[d("2026-10-30")]), "30 Oct");
    }

    #[test]
    fn signed_differences() {
        assert_eq!(signed_time(2220, 660), "+26m");
        assert_eq!(signed_time(600, 690), "-1m30s");
        assert_eq!(signed_time(600, 600), "0m");
        assert_eq!(signed(3, 2, "walk", "walks"), "+1 walk");
        assert_eq!(signed(2, 4, "walk", "walks"), "-2 walks");
        assert_eq!(signed(2, 2, "walk", "walks"), "0 walks");
    }
}
