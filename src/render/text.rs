//! Human output: lines and screens that fit 80 columns.

use std::fmt::Write;

use chrono::{Duration, NaiveDate};

use super::{Paint, Style, WIDTH, count, cut, minutes};
use crate::clock::Clock;
use crate::model::{Session, Settings, Timer};
use crate::parse::format_duration;
use crate::plan::{DAYS_PER_STEP, DayReport, Plan, TIPS, Totals};
use crate::summary::{PeriodRow, Week};

const BAR: usize = 30;

fn steps_text(steps: Option<u32>, style: &Style) -> String {
    steps.map_or_else(|| style.dash().into(), |n| count(n.into()))
}

fn surface_text(session: &Session) -> String {
    match session.incline_percent {
        Some(incline) => format!("{} {incline}%", session.surface),
        None => session.surface.to_string(),
    }
}

/// `#12 · 8m · 320 steps · grass · Sat 21 Nov 18:22`
pub fn session_brief(session: &Session, clock: &Clock, style: &Style) -> String {
    let dot = style.dot();
    let mut line = format!(
        "{} {dot} {} {dot} ",
        style.paint(&format!("#{}", session.id), Paint::Bold),
        format_duration(session.seconds())
    );
    if let Some(steps) = session.steps {
        let _ = write!(line, "{} steps {dot} ", count(steps.into()));
    }
    let _ = write!(
        line,
        "{} {dot} {}",
        surface_text(session),
        clock.local(&session.start).format("%a %-d %b %H:%M")
    );
    line
}

pub fn list_header(style: &Style) -> String {
    style.paint(
        &format!(
            "{:>5}  {:<20}  {:>7}  {:>6}  {:<13}  note",
            "id", "start", "time", "steps", "surface"
        ),
        Paint::Dim,
    )
}

/// One row of `list`; the note is cut to fit the line.
pub fn list_row(session: &Session, clock: &Clock, style: &Style) -> String {
    let fixed = format!(
        "{:>5}  {:<20}  {:>7}  {:>6}  {:<13}  ",
        format!("#{}", session.id),
        clock
            .local(&session.start)
            .format("%a %Y-%m-%d %H:%M")
            .to_string(),
        format_duration(session.seconds()),
        steps_text(session.steps, style),
        surface_text(session),
    );
    let room = WIDTH.saturating_sub(fixed.chars().count()).max(8);
    let note = session
        .note
        .as_deref()
        .map(|n| cut(n, room, style))
        .unwrap_or_default();
    format!("{fixed}{note}").trim_end().to_string()
}

/// `show`: every field on its own line.
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
    let _ = writeln!(
        out,
        "  duration  {} ({} min)",
        format_duration(session.seconds()),
        minutes(session.seconds())
    );
    let _ = writeln!(out, "  steps     {}", steps_text(session.steps, style));
    let _ = writeln!(out, "  surface   {}", session.surface);
    if let Some(incline) = session.incline_percent {
        let _ = writeln!(out, "  incline   {incline}%");
    }
    if let Some(note) = &session.note {
        let _ = writeln!(out, "  note      {note}");
    }
    if let Some(kg) = weight_kg {
        let kcal = crate::plan::kcal_estimate(session, kg);
        let _ = writeln!(out, "  energy    ~{kcal:.0} kcal (estimate for {kg} kg)");
    }
    out
}

/// `today 8m of 5–10m ✓ · 320 of 200–400 steps ✓`
pub fn progress_line(day: &DayReport, clock: &Clock, style: &Style) -> String {
    let settings = day.settings;
    let label = if day.date == clock.today() {
        "today".to_string()
    } else {
        day.date.to_string()
    };
    format!(
        "{label} {} of {}m {} {} {} of {} steps {}",
        day_time(day.totals.seconds),
        range_text(settings.minutes.min, settings.minutes.max, style),
        style.mark(day.totals.minutes_met(settings)),
        style.dot(),
        count(day.totals.steps),
        range_text(settings.steps.min, settings.steps.max, style),
        style.mark(day.totals.steps_met(settings)),
    )
}

/// A day's walking time: `0m` before the first walk, else `7m30s`.
fn day_time(seconds: u64) -> String {
    if seconds == 0 {
        "0m".into()
    } else {
        format_duration(seconds)
    }
}

fn range_text(min: u32, max: u32, style: &Style) -> String {
    format!("{}{}{}", count(min.into()), style.dash(), count(max.into()))
}

/// What to do next, in one short sentence.
pub fn coach_line(day: &DayReport) -> String {
    let settings = day.settings;
    let target = day.plan.target_on(day.date);
    let needed = u64::from(target) * 60;
    if day.totals.sessions == 0 {
        return format!("A {target}-minute walk keeps the plan going.");
    }
    if day.totals.seconds < needed {
        let more = (needed - day.totals.seconds).div_ceil(60);
        let unit = if more == 1 {
            "minute reaches"
        } else {
            "minutes reach"
        };
        return format!("{more} more {unit} today's {target}-minute target.");
    }
    if !day.totals.steps_met(settings) {
        let more = u64::from(settings.steps.min) - day.totals.steps;
        return format!(
            "{} more backward steps reach {} for the day.",
            count(more),
            count(settings.steps.min.into())
        );
    }
    "Today's targets are met: well done. Rest, or add an easy few minutes.".into()
}

fn plan_summary(plan: &Plan, style: &Style) -> String {
    if plan.complete {
        format!(
            "{}-minute sessions: the starter plan is complete",
            plan.target_minutes
        )
    } else {
        format!(
            "{}-minute target {} {} of {DAYS_PER_STEP} days toward {} minutes",
            plan.target_minutes,
            style.dot(),
            plan.days_toward_next,
            plan.target_minutes + 1
        )
    }
}

fn timer_text(timer: &Timer, clock: &Clock) -> String {
    let elapsed = (clock.now() - timer.start).num_seconds().max(0) as u64;
    format!(
        "running since {} ({}, {})",
        clock.local(&timer.start).format("%H:%M"),
        format_duration(elapsed),
        timer.surface
    )
}

/// `today`: bars, sessions, streak, plan and what to do next.
pub fn day_screen(day: &DayReport, clock: &Clock, style: &Style) -> String {
    let settings = day.settings;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        style.paint(&day.date.format("%A %-d %B %Y").to_string(), Paint::Bold)
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "  minutes  {}  {} of {} {}",
        style.bar(
            day.totals.minutes(),
            settings.minutes.max.into(),
            BAR,
            Some(settings.minutes.min.into())
        ),
        minutes(day.totals.seconds),
        range_text(settings.minutes.min, settings.minutes.max, style),
        style.mark(day.totals.minutes_met(settings)),
    );
    let _ = writeln!(
        out,
        "  steps    {}  {} of {} {}",
        style.bar(
            day.totals.steps as f64,
            settings.steps.max.into(),
            BAR,
            Some(settings.steps.min.into())
        ),
        count(day.totals.steps),
        range_text(settings.steps.min, settings.steps.max, style),
        style.mark(day.totals.steps_met(settings)),
    );
    let _ = writeln!(out);
    if day.sessions.is_empty() {
        let none = if day.date == clock.today() {
            "no session yet"
        } else {
            "no session"
        };
        let _ = writeln!(out, "  {}", style.paint(none, Paint::Dim));
    }
    for session in day.sessions {
        let _ = writeln!(out, "  {}", session_brief(session, clock, style));
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "  streak  {}",
        streak_text(day.streaks.current, day.streaks.longest, style)
    );
    let _ = writeln!(out, "  plan    {}", plan_summary(&day.plan, style));
    if let Some(timer) = day.timer {
        let _ = writeln!(out, "  timer   {}", timer_text(timer, clock));
    }
    if let Some(kg) = settings.weight_kg {
        let _ = writeln!(out, "  energy  ~{:.0} kcal (estimate)", day.totals.kcal(kg));
    }
    if day.date == clock.today() {
        let _ = writeln!(out, "  next    {}", coach_line(day));
    }
    out
}

fn streak_text(current: u32, longest: u32, style: &Style) -> String {
    let days = |n: u32| {
        if n == 1 {
            "1 day".to_string()
        } else {
            format!("{n} days")
        }
    };
    format!("{} {} longest {}", days(current), style.dot(), days(longest))
}

/// `status`: one line for prompts and status bars.
pub fn status_line(day: &DayReport, clock: &Clock, style: &Style) -> String {
    let mut line = String::new();
    if let Some(timer) = day.timer {
        let elapsed = (clock.now() - timer.start).num_seconds().max(0);
        let _ = write!(
            line,
            "{} {:02}:{:02} {} {} ",
            style.paint("timer", Paint::Accent),
            elapsed / 60,
            elapsed % 60,
            timer.surface,
            style.dot()
        );
    }
    let _ = write!(
        line,
        "{} {} streak {}",
        progress_line(day, clock, style),
        style.dot(),
        day.streaks.current
    );
    line
}

fn signed(value: f64, decimals: usize) -> String {
    let text = format!("{value:+.decimals$}");
    if text
        .trim_start_matches(['+', '-'])
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        format!("{:.decimals$}", 0.0)
    } else {
        text
    }
}

/// A change in minutes, written like the minutes beside it: `+26`, `-1.5`, `0`.
fn signed_minutes(now: u64, before: u64) -> String {
    let text = minutes(now.abs_diff(before));
    match now.cmp(&before) {
        _ if text == "0" => text,
        std::cmp::Ordering::Less => format!("-{text}"),
        _ => format!("+{text}"),
    }
}

/// `week`: the table, the chart, the totals.
pub fn week_screen(
    week: &Week,
    settings: &Settings,
    streaks: crate::plan::Streaks,
    plan: &Plan,
    clock: &Clock,
    style: &Style,
) -> String {
    let mut out = String::new();
    let sunday = week.monday + Duration::days(6);
    let label = crate::summary::Period::Week.label(week.monday);
    let _ = writeln!(
        out,
        "{}",
        style.paint(
            &format!(
                "Week {label} {} {} {} {}",
                style.dot(),
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
                "  {:<10}  {:>8}  {:>7}  {:>7}  {:>7}  {:>9}",
                "day", "sessions", "minutes", "steps", "min met", "steps met"
            ),
            Paint::Dim
        )
    );
    for day in &week.days {
        let name = day.date.format("%a %-d %b").to_string();
        let t = &day.totals;
        if day.future {
            let _ = writeln!(out, "  {name:<10}  {}", style.paint("(to come)", Paint::Dim));
        } else if t.sessions == 0 {
            let dash = style.dash();
            let _ = writeln!(
                out,
                "  {name:<10}  {:>8}  {:>7}  {:>7}  {dash:>7}  {dash:>9}",
                0, 0, 0
            );
        } else {
            let _ = writeln!(
                out,
                "  {name:<10}  {:>8}  {:>7}  {:>7}  {}  {}",
                t.sessions,
                minutes(t.seconds),
                count(t.steps),
                pad_mark(style.mark(t.minutes_met(settings)), 7, style),
                pad_mark(style.mark(t.steps_met(settings)), 9, style),
            );
        }
    }
    let _ = writeln!(out);
    let target = f64::from(settings.minutes.min);
    let scale = week
        .days
        .iter()
        .map(|d| d.totals.minutes())
        .fold(f64::from(settings.minutes.max), f64::max);
    let _ = writeln!(
        out,
        "  Minutes per day (| marks the {}-minute target)",
        settings.minutes.min
    );
    for day in &week.days {
        let bar = style.bar(day.totals.minutes(), scale, 50, Some(target));
        if day.future {
            let _ = writeln!(out, "  {}  {bar}", day.date.format("%a"));
        } else {
            let _ = writeln!(
                out,
                "  {}  {bar}  {}",
                day.date.format("%a"),
                minutes(day.totals.seconds)
            );
        }
    }
    let _ = writeln!(out);
    let t = &week.totals;
    let dot = style.dot();
    let _ = writeln!(
        out,
        "  total     {} sessions {dot} {} min {dot} {} steps",
        t.sessions,
        minutes(t.seconds),
        count(t.steps)
    );
    let average = if week.active_days > 0 {
        t.seconds / u64::from(week.active_days)
    } else {
        0
    };
    let _ = writeln!(
        out,
        "  days      {} active {dot} {} on target {dot} {} min per active day",
        week.active_days,
        week.days_on_target,
        minutes(average)
    );
    let _ = writeln!(
        out,
        "  streak    {}",
        streak_text(streaks.current, streaks.longest, style)
    );
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
            .map(|(surface, seconds)| format!("{surface} {} min", minutes(*seconds)))
            .collect();
        let _ = writeln!(out, "  surfaces  {}", surfaces.join(&format!(" {dot} ")));
    }
    if let Some(kg) = settings.weight_kg {
        let _ = writeln!(out, "  energy    ~{:.0} kcal (estimate)", t.kcal(kg));
    }
    let p = &week.previous;
    let _ = writeln!(
        out,
        "  vs before {} sessions {dot} {} min {dot} {} steps",
        signed(f64::from(t.sessions) - f64::from(p.sessions), 0),
        signed_minutes(t.seconds, p.seconds),
        signed(t.steps as f64 - p.steps as f64, 0)
    );
    let _ = writeln!(out, "  plan      {}", plan_summary(plan, style));
    out
}

/// A mark padded to a column, counting what shows, not escape codes.
fn pad_mark(mark: String, width: usize, style: &Style) -> String {
    let shown = if style.unicode { 1 } else { 2 };
    format!("{}{mark}", " ".repeat(width.saturating_sub(shown)))
}

/// `report`: a row per period, then the total; steps get room for millions.
pub fn report_table(rows: &[PeriodRow], style: &Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        style.paint(
            &format!(
                "{:<10}  {:<10}  {:<10}  {:>8}  {:>7}  {:>9}  {:>14}",
                "period", "from", "to", "sessions", "minutes", "steps", "days on target"
            ),
            Paint::Dim
        )
    );
    let mut total = Totals::default();
    let mut on_target = 0;
    for row in rows {
        total.merge(&row.totals);
        on_target += row.days_on_target;
        let _ = writeln!(
            out,
            "{:<10}  {:<10}  {:<10}  {:>8}  {:>7}  {:>9}  {:>14}",
            row.label,
            row.from,
            row.to,
            row.totals.sessions,
            minutes(row.totals.seconds),
            count(row.totals.steps),
            row.days_on_target
        );
    }
    let _ = writeln!(
        out,
        "{}",
        style.paint(
            &format!(
                "{:<34}  {:>8}  {:>7}  {:>9}  {:>14}",
                "total",
                total.sessions,
                minutes(total.seconds),
                count(total.steps),
                on_target
            ),
            Paint::Bold
        )
    );
    out
}

pub fn plan_screen(plan: &Plan, today: NaiveDate, style: &Style) -> String {
    let mut out = String::new();
    let range = format!("{}{}{}", plan.range.min, style.dash(), plan.range.max);
    let _ = writeln!(
        out,
        "{}",
        style.paint(
            &format!(
                "Starter plan: {}-minute sessions (range {range} minutes)",
                plan.target_minutes
            ),
            Paint::Bold
        )
    );
    if plan.complete {
        let _ = writeln!(
            out,
            "  Complete: you walk {} minutes a day. Keep it up, or widen the range",
            plan.target_minutes
        );
        let _ = writeln!(out, "  with `backwalk goals --minutes LOW-HIGH`.");
    } else {
        let _ = writeln!(
            out,
            "  {}  {} of {DAYS_PER_STEP} days toward {} minutes",
            style.bar(plan.days_toward_next.into(), DAYS_PER_STEP.into(), 12, None),
            plan.days_toward_next,
            plan.target_minutes + 1
        );
        let left = DAYS_PER_STEP - plan.days_toward_next;
        let _ = writeln!(
            out,
            "  Next: walk {} minutes or more on {left} more {} to step up to {} minutes.",
            plan.target_minutes,
            if left == 1 { "day" } else { "days" },
            plan.target_minutes + 1
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", style.paint("Steps up", Paint::Bold));
    if plan.history.is_empty() {
        let _ = writeln!(out, "  none yet: the plan starts at {} minutes", plan.range.min);
    }
    for step in &plan.history {
        let _ = writeln!(out, "  {}  {} minutes", step.date, step.target_minutes);
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", style.paint("How it works", Paint::Bold));
    let _ = writeln!(
        out,
        "  The target starts at {} minutes and rises by one minute each time you\n  \
         reach it on {DAYS_PER_STEP} different days, up to {}. A day counts when its sessions\n  \
         add up to the target. Missed days never lower it; it is worked out afresh\n  \
         from your history as of {today}, so edits and deletions count.",
        plan.range.min, plan.range.max
    );
    let _ = writeln!(out);
    out.push_str(&tips_text(style));
    out
}

pub fn tips_text(style: &Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.paint("Technique and safety", Paint::Bold));
    let bullet = if style.unicode { "•" } else { "-" };
    for tip in TIPS {
        let _ = writeln!(out, "{}", wrap(tip, &format!("  {bullet} "), "    "));
    }
    out
}

/// Wraps words to the 80-column width.
fn wrap(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut line_len = first.chars().count();
    let mut empty = true;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if !empty && line_len + 1 + len > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_string();
            line_len = rest.chars().count();
            empty = true;
        }
        if !empty {
            line.push(' ');
            line_len += 1;
        }
        line.push_str(word);
        line_len += len;
        empty = false;
    }
    out.push_str(&line);
    out
}

pub fn goals_text(settings: &Settings, style: &Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "  minutes  {} a day",
        range_text(settings.minutes.min, settings.minutes.max, style)
    );
    let _ = writeln!(
        out,
        "  steps    {} backward steps a day",
        range_text(settings.steps.min, settings.steps.max, style)
    );
    match settings.weight_kg {
        Some(kg) => {
            let _ = writeln!(out, "  weight   {kg} kg (for calorie estimates)");
        }
        None => {
            let _ = writeln!(
                out,
                "  weight   not set (set it with --weight KG for calorie estimates)"
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_lines_within_80_columns() {
        let long = "word ".repeat(60);
        let wrapped = wrap(&long, "  - ", "    ");
        assert!(wrapped.lines().count() > 3);
        assert!(wrapped.lines().all(|l| l.chars().count() <= WIDTH));
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("    word")));
    }

    #[test]
    fn signed_differences() {
        assert_eq!(signed(2.0, 0), "+2");
        assert_eq!(signed(-1.25, 1), "-1.2");
        assert_eq!(signed(-0.01, 1), "0.0");
        assert_eq!(signed_minutes(2220, 660), "+26");
        assert_eq!(signed_minutes(600, 690), "-1.5");
        assert_eq!(signed_minutes(600, 601), "0");
    }
}
