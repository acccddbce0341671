//! `report`: a row per period (week, month, year), then the total.

use std::fmt::Write;

use super::{day_steps, day_time};
use crate::render::table::{Columns, Side};
use crate::render::{Paint, Style};
use crate::summary::{PeriodRow, Totals};

/// The columns of the table of periods.
const PERIOD_COLUMNS: Columns = Columns {
    indent: "",
    gap: " ",
    widths: &[
        (10, Side::Left),
        (10, Side::Left),
        (10, Side::Left),
        (5, Side::Right),
        (8, Side::Right),
        (9, Side::Right),
        (9, Side::Right),
        (5, Side::Right),
    ],
};

/// One row of the table: the period, its dates and totals.
fn report_line(
    label: &str,
    (from, to): (&str, &str),
    t: &Totals,
    on_target: u32,
    pain: &str,
    style: Style,
) -> String {
    PERIOD_COLUMNS.row(&[
        label,
        from,
        to,
        &t.sessions.to_string(),
        &day_time(t.seconds),
        &day_steps(t.steps, style),
        &on_target.to_string(),
        pain,
    ])
}

/// `report`: a row per period, then the total.
pub fn report_table(rows: &[PeriodRow], style: Style) -> String {
    let mut out = String::new();
    let header = PERIOD_COLUMNS.row(&[
        "period",
        "from",
        "to",
        "walks",
        "time",
        "steps",
        "on target",
        "pain",
    ]);
    let _ = writeln!(out, "{}", style.paint(&header, Paint::Dim));
    let mut total = Totals::default();
    let mut on_target = 0;
    for row in rows {
        total.add(&row.totals);
        on_target += row.days_on_target;
        let pain = row
            .totals
            .pain_avg
            .map_or_else(|| style.em_dash().to_string(), |p| format!("{p:.1}"));
        let (from, to) = (row.from.to_string(), row.to.to_string());
        let line = report_line(
            &row.label,
            (&from, &to),
            &row.totals,
            row.days_on_target,
            &pain,
            style,
        );
        let _ = writeln!(out, "{line}");
    }
    let total = report_line("total", ("", ""), &total, on_target, "", style);
    let _ = writeln!(out, "{}", style.paint(total.trim_end(), Paint::Bold));
    if rows.iter().any(|row| row.totals.pain_avg.is_some()) {
        let _ = writeln!(
            out,
            "{}",
            style.paint("pain: the average of daily highest pain after walks", Paint::Dim)
        );
    }
    out
}
