//! Human output: lines and screens that fit 80 columns, with durations
//! written one way everywhere (`7m30s`, `8m`, `1h05m`).

use std::fmt::Write;

use chrono::{Duration, NaiveDate};

use super::json::DayReport;
use super::{Paint, Style, WIDTH, count, cut, pad, pad_left, plural, rhythm, safe, width, wrap};
use crate::clock::Clock;
use crate::model::{GoalEntry, Goals, Range, Session};
use crate::parse::format_duration;
use crate::plan::{DAYS_PER_STEP, MET_LEVEL, MET_UPHILL, PAIN_HOLD_ABOVE, Plan, Reason, Streaks, TIPS};
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

/// What is above the range on a day, as a caution: `above the 5–10
/// minute range`.
fn above_what(row: &DayRow, goals: &GoalEntry, style: Style) -> Option<String> {
    if !row.verdict.above_range {
        return None;
    }
    let minutes = row.day.seconds > u64::from(goals.minutes.max) * 60;
    let steps = goals
        .steps
        .zip(row.day.steps)
        .filter(|(range, steps)| *steps > u64::from(range.max))
        .map(|(range, _)| range);
    Some(match (minutes, steps) {
        (true, Some(steps)) => format!(
            "above the {} minute and {} step ranges",
            range_text(goals.minutes, style),
            range_text(steps, style)
        ),
        (false, Some(steps)) => format!("above the {} step range", range_text(steps, style)),
        _ => format!("above the {} minute range", range_text(goals.minutes, style)),
    })
}

/// The full caution, as `today` and `week` give it.
fn caution(row: &DayRow, goals: &GoalEntry, style: Style) -> Option<String> {
    above_what(row, goals, style).map(|what| format!("{what}; the articles advise increasing gradually"))
}

/// `today 8m of 8m ✓ · 320 of 200–400 steps ✓`, or a caution when the
/// day went above the range.
pub fn progress_line(day: &DayReport, clock: &Clock, style: &Style) -> String {
    let row = &day.row;
    let label = if row.day.date == clock.today() {
        "today".to_string()
    } else {
        row.day.date.to_string()
    };
    let time = day_time(row.day.seconds);
    if let Some(what) = above_what(row, day.goals, *style) {
        return format!("{label} {time} {} {what}: increase gradually", style.dot());
    }
    let minutes = format!(
        "{label} {time} of {} {}",
        format_duration(u64::from(row.verdict.target_minutes) * 60),
        style.mark(row.verdict.minutes_met)
    );
    match day.goals.steps {
        Some(range) => format!(
            "{minutes} {} {} of {} steps {}",
            style.dot(),
            count(row.day.steps.unwrap_or(0)),
            range_text(range, *style),
            style.verdict_mark(row.verdict.steps_met, false)
        ),
        None => minutes,
    }
}

/// What to do next, in one sentence.
pub fn coach_line(day: &DayReport, style: &Style) -> String {
    let row = &day.row;
    let target = row.verdict.target_minutes;
    if row.day.pain_max.is_some_and(|pain| pain > PAIN_HOLD_ABOVE) {
        return format!(
            "Pain above {PAIN_HOLD_ABOVE} today: hold at {target} minutes, and speak to a health professional if it persists."
        );
    }
    if let Some(caution) = caution(row, day.goals, *style) {
        let mut text = caution;
        if let Some(first) = text.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        return format!("{text}.");
    }
    let needed = u64::from(target) * 60;
    if row.day.sessions == 0 {
        return format!(
            "{} {target}-minute walk keeps the plan going.",
            capitalised(super::article(target.into()))
        );
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

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

pub fn plan_summary(plan: &Plan, style: &Style) -> String {
    if plan.complete {
        return format!(
            "{}-minute sessions: the starter plan is complete",
            plan.target_minutes
        );
    }
    let next = if plan.target_minutes < plan.range.max {
        format!("toward {} minutes", plan.target_minutes + 1)
    } else {
        "toward completing the plan".to_string()
    };
    format!(
        "{}-minute target {} {} of {DAYS_PER_STEP} days {next}",
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
        "  minutes  {}  {} of {} {}",
        style.bar(row.day.minutes(), scale, BAR, Some(target)),
        day_time(row.day.seconds),
        format_duration(u64::from(row.verdict.target_minutes) * 60),
        style.verdict_mark(
            Some(row.verdict.minutes_met),
            row.day.seconds > u64::from(goals.minutes.max) * 60
        ),
    );
    match goals.steps {
        Some(range) => {
            let steps = row.day.steps.unwrap_or(0);
            let scale = (steps as f64).max(range.max.into());
            let counted = match row.verdict.steps_met {
                None => format!("{} (not counted)", style.em_dash()),
                Some(met) => style.verdict_mark(Some(met), steps > u64::from(range.max)),
            };
            let _ = writeln!(
                out,
                "  steps    {}  {} of {} {counted}",
                style.bar(steps as f64, scale, BAR, Some(range.min.into())),
                count(steps),
                range_text(range, *style),
            );
        }
        None => {
            let _ = writeln!(
                out,
                "  steps    {} (no steps goal)",
                count(row.day.steps.unwrap_or(0))
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
    let _ = writeln!(out, "  plan    {}", plan_summary(day.plan, style));
    if let Some(timer) = day.timer {
        let elapsed = u64::try_from((day.now - timer.start).num_seconds()).unwrap_or(0);
        let _ = writeln!(
            out,
            "  timer   running since {} ({}, {})",
            clock.local(&timer.start).format("%a %H:%M"),
            format_duration(elapsed),
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
    if day.rhythm.weekly() && day.rhythm.rest_day && row.day.date == clock.today() {
        let _ = writeln!(
            out,
            "{}",
            wrap(&rhythm::rest_line(&day.rhythm), "  next    ", "          ")
        );
    } else if row.day.date == clock.today() || row.verdict.above_range {
        let _ = writeln!(
            out,
            "{}",
            wrap(&coach_line(day, style), "  next    ", "          ")
        );
    }
    out
}

/// `status`: one line for prompts and status bars, never over 80
/// columns: the less important parts go first when it would be.
pub fn status_line(day: &DayReport, clock: &Clock, style: &Style) -> String {
    let mut timer = String::new();
    if let Some(t) = day.timer {
        let elapsed = u64::try_from((day.now - t.start).num_seconds()).unwrap_or(0);
        let _ = write!(
            timer,
            "{} {} {}",
            style.paint("timer", Paint::Accent),
            format_duration(elapsed),
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
    let full = format!("{timer}{}{streak}", progress_line(day, clock, style));
    if width(&full) <= WIDTH {
        return full;
    }
    let row = &day.row;
    let short = format!(
        "{timer}today {} of {} {}{streak}",
        day_time(row.day.seconds),
        format_duration(u64::from(row.verdict.target_minutes) * 60),
        style.verdict_mark(Some(row.verdict.minutes_met), row.verdict.above_range)
    );
    cut(&short, WIDTH, style)
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
            let minutes_above = d.seconds > u64::from(goals.in_force(d.date).minutes.max) * 60;
            (
                style.verdict_mark(Some(row.verdict.minutes_met), minutes_above),
                style.verdict_mark(row.verdict.steps_met, false),
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
        plural(t.steps, "step", "steps")
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
            "  pain      average {} (the week before: {})",
            pain_text(t.pain_avg),
            pain_text(week.previous.pain_avg)
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
                &format!("~{kcal:.0} kcal (estimate at 3.5 mph; slower walks burn less)"),
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
        signed(t.steps, p.steps, "step", "steps")
    );
    let _ = writeln!(out, "  plan      {}", plan_summary(plan, style));
    if let Some(mornings) = rhythm::week_mornings(week, *style) {
        let _ = writeln!(out, "{}", wrap(&mornings, "  mornings  ", "            "));
    }
    for row in week.days.iter().filter(|row| !row.future) {
        if let Some(caution) = caution(row, goals.in_force(row.day.date), *style) {
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
            count(t.steps),
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
        total.sessions += row.totals.sessions;
        total.seconds += row.totals.seconds;
        total.steps += row.totals.steps;
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
                "Starter plan: {}-minute sessions (range {range} minutes)",
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
                    "Next: walk {} minutes or more on {} {then}.",
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
                     Hold at {} minutes, and speak to a health professional if the pain persists.",
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
        let why = match change.reason {
            Reason::StepUp => "step up (met on 3 days)",
            Reason::Range => "the range changed",
        };
        let _ = writeln!(
            out,
            "  {}  {:>3} minutes  {why}",
            change.date, change.target_minutes
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", style.paint("How the plan works", Paint::Bold));
    let rule = format!(
        "The articles say to start with 5-10 minutes and increase the time gradually. \
         This rule is backwalk's own way of doing that: the target starts at the low end of \
         your range ({}) and rises by one minute each time you reach it on {DAYS_PER_STEP} \
         different days, up to the high end ({}); {DAYS_PER_STEP} days there complete the plan. \
         A day whose highest pain after its walks, or the next morning, is above {PAIN_HOLD_ABOVE} out \
         of 10 does not count (a threshold adapted from the pain-monitoring model of Silbernagel \
         et al., 2007, developed for Achilles tendinopathy). Missed days never lower the \
         target. It is worked out afresh from your history as of {today}, so edits and deletions count.",
        plan.range.min, plan.range.max
    );
    let _ = writeln!(out, "{}", wrap(&rule, "  ", "  "));
    let _ = writeln!(out);
    out.push_str(&tips_text(style));
    out
}

pub fn tips_text(style: &Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.paint("Technique and safety", Paint::Bold));
    let bullet = if style.unicode { "•" } else { "-" };
    let mut sources: Vec<&str> = TIPS.iter().map(|t| t.source).collect();
    sources.dedup();
    for source in sources {
        let heading = if source == crate::plan::SAFETY {
            "General safety practice (not stated in the articles):".to_string()
        } else {
            format!("From {source}:")
        };
        let _ = writeln!(out, "  {}", style.paint(&heading, Paint::Dim));
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
            let _ = writeln!(
                out,
                "  from {}  minutes {}  steps {}  days {}  weight {}",
                pad(&from, 10),
                pad(&range_text(entry.minutes, *style), 7),
                pad(&steps, 13),
                entry.days_per_week,
                weight
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
