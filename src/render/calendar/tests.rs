use chrono::{Datelike, Duration};
use unicode_width::UnicodeWidthStr;

use super::grid::{Grid, LabelFit, WEEKDAYS};
use super::test_support::{calendar, date, patterned, walk};
use super::text::{ASCII, CELL, GUTTER, Glyphs, TEXT_WEEKS, UNICODE, calendar_text, glyphs};
use crate::render::{Style, WIDTH};
use crate::summary::calendar::{Calendar, DayOutcome, MarkedDay};

/// The text without its escape codes, as anstream strips them.
fn strip_escapes(text: &str) -> String {
    anstream::adapter::strip_str(text).to_string()
}

const COLOR: Style = Style {
    color: true,
    unicode: true,
};
const ASCII_STYLE: Style = Style {
    color: false,
    unicode: false,
};

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
            let text = strip_escapes(&calendar_text(&cal, style));
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

fn expected_cell(day: &MarkedDay, g: &Glyphs) -> (char, char) {
    let glyph = match day.outcome {
        DayOutcome::NoWalk => g.none,
        DayOutcome::BelowTarget => g.below,
        DayOutcome::OnTarget => g.on_target,
        DayOutcome::AboveRange => g.above_range,
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
    let text = calendar_text(cal, style);
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
            walk(d, DayOutcome::OnTarget, true, None)
        } else {
            MarkedDay::no_walk(d)
        }
    });
    let text = calendar_text(&cal, Style::PLAIN);
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
    let text = calendar_text(&cal, Style::PLAIN);
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
        16 => walk(d, DayOutcome::OnTarget, true, None),
        17 => walk(d, DayOutcome::AboveRange, true, None),
        18 => walk(d, DayOutcome::BelowTarget, false, Some(7)),
        19 => walk(d, DayOutcome::OnTarget, false, Some(6)),
        20 => walk(d, DayOutcome::AboveRange, false, Some(5)),
        21 => walk(d, DayOutcome::BelowTarget, false, Some(2)),
        _ => MarkedDay::no_walk(d),
    });
    let text = calendar_text(&cal, Style::PLAIN);
    let row = |name: &str| text.lines().find(|l| l.starts_with(name)).unwrap().to_string();
    assert_eq!(row("Mon "), "Mon ●+");
    assert_eq!(row("Tue "), "Tue ▲+");
    assert_eq!(row("Wed "), "Wed ○!");
    assert_eq!(row("Thu "), "Thu ●!");
    // pain 5 is not above 5
    assert_eq!(row("Fri "), "Fri ▲");
    assert_eq!(row("Sat "), "Sat ○");
    assert_eq!(row("Sun "), "Sun ·");
    let ascii = calendar_text(&cal, ASCII_STYLE);
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
    let text = calendar_text(&cal, Style::PLAIN);
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
    let ascii = calendar_text(&cal, ASCII_STYLE);
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
    assert!(!calendar_text(&past, Style::PLAIN).contains("still to come"));
}

#[test]
fn colour_only_when_asked_and_ascii_when_the_locale_wants_it() {
    for cal in ranges() {
        assert!(!calendar_text(&cal, Style::PLAIN).contains('\x1b'));
        let ascii = calendar_text(&cal, ASCII_STYLE);
        assert!(ascii.is_ascii(), "{ascii}");
        let coloured = calendar_text(&cal, COLOR);
        assert!(coloured.contains("\x1b[32m●"), "on target in green");
        assert!(coloured.contains("\x1b[1m+") || !cal.days.iter().any(|d| d.step_up && d.date <= cal.today));
        // The colours change nothing else.
        assert_eq!(strip_escapes(&coloured), calendar_text(&cal, Style::PLAIN));
        let ascii_colour = calendar_text(
            &cal,
            Style {
                color: true,
                unicode: false,
            },
        );
        assert!(strip_escapes(&ascii_colour).is_ascii());
    }
}

#[test]
fn months_are_labelled_where_they_start_without_overlap() {
    let cal = calendar("2025-11-24", "2026-11-25", "2026-11-25", patterned);
    let text = calendar_text(&cal, Style::PLAIN);
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
    let text = calendar_text(&cal, Style::PLAIN);
    assert!(text.starts_with("Walks from 25 Nov 2026 to 24 Nov 2026"));
    assert!(!text.contains("Mon "));
}

#[test]
fn a_missing_day_is_drawn_as_no_walk() {
    let mut cal = calendar("2026-11-16", "2026-11-22", "2026-11-22", |d| {
        walk(d, DayOutcome::OnTarget, false, None)
    });
    cal.days.remove(2);
    let text = calendar_text(&cal, Style::PLAIN);
    assert!(text.lines().any(|l| l == "Wed ·"), "{text}");
}
