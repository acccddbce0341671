use chrono::{Datelike, Duration, NaiveDate};

use super::hover::day_title;
use super::key::{KeyItem, LEGEND_ROW, legend_items, legend_positions};
use super::layout::layout;
use super::xml::escape;
use super::{CELL, GUTTER, MARGIN, MIN_CONTENT_WIDTH, PITCH, WEEKS_PER_BLOCK, calendar_svg};
use crate::render::calendar::test_support::{calendar, date, patterned, realistic, walk};
use crate::summary::calendar::{Calendar, DayOutcome, MarkedDay};
use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;

/// Pixels per SVG unit: 2 makes the 1.5-unit lines solid pixels.
const SCALE: f32 = 2.0;

#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a picture's size in pixels: positive and small"
)]
fn render(svg: &str) -> Pixmap {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).expect("the SVG parses");
    let size = tree.size();
    let mut pixmap = Pixmap::new(
        (size.width() * SCALE).ceil() as u32,
        (size.height() * SCALE).ceil() as u32,
    )
    .expect("a pixmap");
    resvg::render(&tree, Transform::from_scale(SCALE, SCALE), &mut pixmap.as_mut());
    pixmap
}

/// Greyscale lightness (0 black, 255 white) at an SVG point, as a
/// black-and-white printer would see it.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a point inside the picture: positive and small"
)]
fn luma(pixmap: &Pixmap, x: f64, y: f64) -> f64 {
    let p = pixmap
        .pixel((x * f64::from(SCALE)) as u32, (y * f64::from(SCALE)) as u32)
        .expect("inside the picture");
    assert_eq!(p.alpha(), 255, "the background is opaque");
    0.2126 * f64::from(p.red()) + 0.7152 * f64::from(p.green()) + 0.0722 * f64::from(p.blue())
}

/// One week of each state and mark, seen on its Sunday.
fn week() -> Calendar {
    calendar("2026-11-16", "2026-11-22", "2026-11-22", |d| match d.day() {
        16 => MarkedDay::no_walk(d),
        17 => walk(d, DayOutcome::BelowTarget, false, None),
        18 => walk(d, DayOutcome::OnTarget, false, None),
        19 => walk(d, DayOutcome::AboveRange, false, None),
        20 => walk(d, DayOutcome::OnTarget, true, None),
        21 => walk(d, DayOutcome::AboveRange, true, None),
        _ => walk(d, DayOutcome::BelowTarget, false, Some(8)),
    })
}

fn origin(cal: &Calendar, day: &str) -> (f64, f64) {
    layout(cal).cell_origin(date(day)).expect("in the grid")
}

#[test]
fn states_differ_in_greyscale_by_a_clear_margin() {
    let cal = week();
    let pixmap = render(&calendar_svg(&cal));
    let centre = |day: &str| {
        let (x, y) = origin(&cal, day);
        luma(&pixmap, x + CELL / 2.0, y + CELL / 2.0)
    };
    let none = centre("2026-11-16");
    let below = centre("2026-11-17");
    let on_target = centre("2026-11-18");
    let above = centre("2026-11-19");
    assert!(none > 250.0, "no walk is white: {none}");
    assert!(on_target < 120.0, "on target is dark: {on_target}");
    let levels = [none, below, on_target, above];
    for (i, a) in levels.iter().enumerate() {
        for b in &levels[i + 1..] {
            assert!((a - b).abs() > 40.0, "{levels:?}");
        }
    }
    assert!(
        none > below && below > on_target && on_target > above,
        "{levels:?}"
    );
    // Above the range also differs in shape: a white frame inside.
    let (x, y) = origin(&cal, "2026-11-19");
    assert!(luma(&pixmap, x + 2.0, y + CELL / 2.0) > 200.0);
    let (x, y) = origin(&cal, "2026-11-18");
    assert!(luma(&pixmap, x + 2.0, y + CELL / 2.0) < 120.0);
}

#[test]
fn step_up_and_pain_marks_show_on_their_days() {
    let cal = week();
    let pixmap = render(&calendar_svg(&cal));
    // The triangle's middle: white on a step-up day, whatever its state.
    let triangle = |day: &str| {
        let (x, y) = origin(&cal, day);
        luma(&pixmap, x + CELL / 2.0, y + 5.0)
    };
    assert!(triangle("2026-11-20") > 230.0, "step-up on target");
    assert!(triangle("2026-11-21") > 230.0, "step-up above the range");
    assert!(triangle("2026-11-18") < 120.0, "plain on target");
    assert!(triangle("2026-11-19") < 120.0, "plain above the range");
    // The pain frame, in the gap left of the cell: dark only on the pain day.
    let frame = |day: &str| {
        let (x, y) = origin(&cal, day);
        luma(&pixmap, x - 2.0, y + CELL / 2.0)
    };
    assert!(frame("2026-11-22") < 110.0, "pain above 5");
    for day in [
        "2026-11-16",
        "2026-11-17",
        "2026-11-18",
        "2026-11-19",
        "2026-11-20",
    ] {
        assert!(frame(day) > 250.0, "no frame on {day}");
    }
    // The pain day keeps its own state inside the frame.
    let (x, y) = origin(&cal, "2026-11-22");
    let inside = luma(&pixmap, x + CELL / 2.0, y + CELL / 2.0);
    let (bx, by) = origin(&cal, "2026-11-17");
    assert!((inside - luma(&pixmap, bx + CELL / 2.0, by + CELL / 2.0)).abs() < 1.0);
}

#[test]
fn the_pain_frame_shows_on_every_state() {
    for state in [
        DayOutcome::NoWalk,
        DayOutcome::BelowTarget,
        DayOutcome::OnTarget,
        DayOutcome::AboveRange,
    ] {
        let cal = calendar("2026-11-16", "2026-11-16", "2026-11-16", |d| {
            // A drawing check: even a cell without walks shows the frame.
            let mut day = walk(d, state, false, None);
            day.pain_max = Some(9);
            day.pain_caution = true;
            day
        });
        let pixmap = render(&calendar_svg(&cal));
        let (x, y) = origin(&cal, "2026-11-16");
        for (px, py) in [
            (x - 2.0, y + 8.0),
            (x + CELL + 2.0, y + 8.0),
            (x + 8.0, y - 2.0),
            (x + 8.0, y + CELL + 2.0),
        ] {
            assert!(luma(&pixmap, px, py) < 110.0, "{state:?}");
        }
    }
}

#[test]
fn the_key_shows_the_same_cells_as_the_grid() {
    let cal = week();
    let svg = calendar_svg(&cal);
    let pixmap = render(&svg);
    let layout = layout(&cal);
    let items = legend_items(&cal);
    let positions = legend_positions(&items, layout.width - 2.0 * MARGIN);
    // Sample points: centre, triangle, frame, inner frame.
    let points = [(8.0, 8.0), (8.0, CELL - 6.5), (-2.0, 8.0), (2.0, 8.0)];
    let grid_day = [
        "2026-11-16",
        "2026-11-17",
        "2026-11-18",
        "2026-11-19",
        "2026-11-20",
        "2026-11-22",
    ];
    assert_eq!(items.len(), grid_day.len());
    for (KeyItem { text, .. }, ((x, row), day)) in items.iter().zip(positions.into_iter().zip(grid_day)) {
        let (kx, ky) = (MARGIN + x, layout.legend_top + row as f64 * LEGEND_ROW);
        let (gx, gy) = origin(&cal, day);
        for (dx, dy) in points {
            let key = luma(&pixmap, kx + dx, ky + dy);
            let grid = luma(&pixmap, gx + dx, gy + dy);
            assert!(
                (key - grid).abs() < 2.0,
                "{text} at ({dx}, {dy}): {key} vs {grid}"
            );
        }
        assert!(svg.contains(&format!(">{text}<")), "{text}");
    }
    assert!(!svg.contains("still to come"));
}

/// Pulls each day's title and cell corner out of the document.
fn cells(svg: &str) -> Vec<(NaiveDate, f64, f64, String)> {
    svg.lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("<g><title>")?;
            let (title, shapes) = rest.split_once("</title>")?;
            let attr = |name: &str| -> f64 {
                let at = shapes.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
                shapes[at..].split('"').next().unwrap().parse().unwrap()
            };
            let day = NaiveDate::parse_from_str(&title[..10], "%Y-%m-%d").unwrap();
            // The outline is drawn half a unit in, for crisp edges.
            let inset = if title.contains("still to come") { 0.0 } else { 0.5 };
            Some((day, attr("x") - inset, attr("y") - inset, title.to_string()))
        })
        .collect()
}

/// Every day in range once, in its weekday row and its ISO week's
/// column; columns counted here by walking the days.
fn assert_layout(cal: &Calendar) {
    let svg = calendar_svg(cal);
    let found = cells(&svg);
    let days = usize::try_from((cal.to - cal.from).num_days()).expect("dates in order") + 1;
    assert_eq!(found.len(), days);
    assert_eq!(
        svg.matches("<title>").count(),
        days + 1,
        "one per day and the document's"
    );
    let mut column_top = (
        found[0].1,
        found[0].2 - f64::from(found[0].0.weekday().num_days_from_monday()) * PITCH,
    );
    for (i, (day, x, y, _)) in found.iter().enumerate() {
        assert_eq!(
            *day,
            cal.from + Duration::days(i64::try_from(i).expect("a day of the range")),
            "in date order, each once"
        );
        if i > 0 && day.iso_week() != found[i - 1].0.iso_week() {
            let (px, ptop) = column_top;
            let top = y - f64::from(day.weekday().num_days_from_monday()) * PITCH;
            // The next column, or the first column of the next block.
            let next = (*x - (px + PITCH)).abs() < 1e-6 && (top - ptop).abs() < 1e-6;
            let wrapped = (*x - (MARGIN + GUTTER)).abs() < 1e-6 && top > ptop + 7.0 * PITCH;
            assert!(next || wrapped, "{day}: ({x}, {y}) after {column_top:?}");
            column_top = (*x, top);
        }
        let row = f64::from(day.weekday().num_days_from_monday());
        assert!(
            (y - (column_top.1 + row * PITCH)).abs() < 1e-6,
            "{day} in row {row}"
        );
        assert!((x - column_top.0).abs() < 1e-6, "{day} in its week's column");
    }
}

#[test]
fn every_day_once_in_its_weekday_row_and_iso_week_column() {
    for (from, to, today) in [
        ("2026-11-01", "2026-11-25", "2026-11-25"),
        ("2025-11-24", "2026-11-25", "2026-11-25"),
        ("2026-01-01", "2026-12-31", "2026-11-25"),
        ("2028-01-01", "2028-12-31", "2028-12-31"),
        ("2016-12-01", "2026-11-25", "2026-11-25"),
    ] {
        let cal = calendar(from, to, today, patterned);
        assert_layout(&cal);
        usvg::Tree::from_str(&calendar_svg(&cal), &usvg::Options::default()).expect("parses");
    }
    // The leap day, a Tuesday, sits right below Monday 28 February.
    let cal = calendar("2028-01-01", "2028-12-31", "2028-12-31", patterned);
    let layout = layout(&cal);
    let (x, y) = layout.cell_origin(date("2028-02-29")).unwrap();
    let (mx, my) = layout.cell_origin(date("2028-02-28")).unwrap();
    assert_eq!((x, y - my), (mx, PITCH));
    assert_eq!(layout.grid.weeks, 53, "Sat 1 Jan 2028 is in ISO week 52 of 2027");
}

#[test]
fn the_document_is_self_contained() {
    let cal = calendar("2025-11-24", "2026-11-25", "2026-11-25", patterned);
    let svg = calendar_svg(&cal);
    let lower = svg.to_lowercase();
    for banned in [
        "<script",
        "href",
        "url(",
        "@import",
        "<style",
        "<image",
        "<foreignobject",
        "http://www.w3.org/1999",
    ] {
        assert!(!lower.contains(banned), "{banned}");
    }
    assert!(svg.contains("viewBox=\"0 0 "));
    assert!(svg.contains(r#"font-family="sans-serif""#));
    let tree = usvg::Tree::from_str(&svg, &usvg::Options::default()).expect("parses");
    let layout = layout(&cal);
    #[allow(clippy::float_cmp, reason = "both are whole numbers: the size is exact")]
    {
        assert_eq!(f64::from(tree.size().width()), layout.width);
        assert_eq!(f64::from(tree.size().height()), layout.height);
    }
    // One block for the year, its weeks drawn inside the picture.
    assert_eq!(layout.blocks.len(), 1);
    let (x, y) = layout.cell_origin(cal.to).unwrap();
    assert!(x + CELL + MARGIN <= layout.width && y + CELL < layout.legend_top);
}

#[test]
fn titles_give_the_figures() {
    let day = MarkedDay {
        date: date("2026-11-21"),
        sessions: 2,
        minutes: 12.5,
        steps: Some(1310),
        outcome: DayOutcome::AboveRange,
        on_target: true,
        step_up: false,
        new_target_from: None,
        pain_max: Some(3),
        morning_pain: None,
        pain_caution: false,
        target_minutes: 8,
    };
    assert_eq!(
        day_title(&day),
        "2026-11-21 Sat · 2 walks · 12m30s (target 8m) · 1,310 steps · pain 3 · on target · \
         above the range"
    );
    let day = MarkedDay {
        steps: None,
        pain_max: Some(7),
        pain_caution: true,
        sessions: 1,
        minutes: 6.0,
        outcome: DayOutcome::BelowTarget,
        on_target: false,
        ..day
    };
    assert_eq!(
        day_title(&day),
        "2026-11-21 Sat · 1 walk · 6m (target 8m) · steps not recorded · pain 7 (above 5) · below target"
    );
    // Above the range, yet below target: 6m of 8m with 500 steps.
    let day = MarkedDay {
        steps: Some(500),
        outcome: DayOutcome::AboveRange,
        ..day
    };
    assert!(day_title(&day).ends_with("· below target · above the range"));
    // Earned on Friday, the new target is Saturday's.
    let step = walk(date("2026-11-20"), DayOutcome::OnTarget, true, None);
    assert!(
        day_title(&step).ends_with("on target · a step up earned: the new target applies from Sat 21 Nov"),
        "{}",
        day_title(&step)
    );
    assert_eq!(
        day_title(&MarkedDay::no_walk(date("2026-11-20"))),
        "2026-11-20 Fri · no walk"
    );
    // Text is escaped: a title is data, not markup.
    assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
}

#[test]
fn future_days_are_blank_but_say_so() {
    let cal = calendar("2026-01-01", "2026-12-31", "2026-11-25", patterned);
    let svg = calendar_svg(&cal);
    assert_eq!(svg.matches("still to come</title>").count(), 36);
    let pixmap = render(&svg);
    let (x, y) = layout(&cal).cell_origin(date("2026-12-01")).unwrap();
    assert!(luma(&pixmap, x + CELL / 2.0, y + CELL / 2.0) > 254.0);
    assert!(luma(&pixmap, x + 0.5, y + 0.5) > 254.0, "no outline");
    assert!(svg.contains(">blank: still to come<"));
}

/// Writes `target/calendar-example.svg` and a PNG of it (resvg built
/// without text, so the PNG shows the cells but not the words):
/// `cargo test --lib render::svg::tests::write_example -- --ignored`.
#[test]
#[ignore = "writes an example file to look at"]
fn write_example() {
    let cal = realistic("2025-11-24", "2026-11-25", "2026-11-25");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    let svg = calendar_svg(&cal);
    std::fs::write(dir.join("calendar-example.svg"), &svg).unwrap();
    let mut pixmap = render(&svg);
    pixmap.save_png(dir.join("calendar-example-cells.png")).unwrap();
    // As a black-and-white printer would see it.
    for pixel in pixmap.pixels_mut() {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a weighted mean of bytes: 0 to 255"
        )]
        let grey = (0.2126 * f64::from(pixel.red())
            + 0.7152 * f64::from(pixel.green())
            + 0.0722 * f64::from(pixel.blue())) as u8;
        *pixel = resvg::tiny_skia::PremultipliedColorU8::from_rgba(grey, grey, grey, 255).unwrap();
    }
    pixmap.save_png(dir.join("calendar-example-grey.png")).unwrap();
}

#[test]
fn long_ranges_wrap_into_year_rows() {
    let cal = calendar("2016-12-01", "2026-11-25", "2026-11-25", patterned);
    let layout = layout(&cal);
    assert_eq!(layout.blocks.len(), 10);
    assert!(layout.blocks.iter().all(|b| b.len() <= WEEKS_PER_BLOCK));
    let short = calendar("2026-11-01", "2026-11-03", "2026-11-03", patterned);
    let small = super::layout::layout(&short);
    assert!(small.width >= MIN_CONTENT_WIDTH, "room for the key");
}
