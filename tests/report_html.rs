//! `report --html FILE`: the printable report. Its figures equal those of
//! `report --json` and `week --json`; it holds no script and no link; it
//! is written like every output file; and printed by a real browser it
//! takes at most two pages for 8 weeks of daily walks with notes.

mod common;

use std::fmt::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::TestEnv;
use serde_json::Value;

/// Sunday 29 November 2026, the evening of the 8th week shown.
const NOW: &str = "2026-11-29T20:00:00+01:00";

/// Eight weeks of daily walks (5 Oct to 29 Nov), with notes of a line,
/// steps on some days, pain on most, and two next mornings.
fn eight_weeks() -> TestEnv {
    let mut env = TestEnv::new();
    env.at(NOW);
    let notes = [
        "felt steady",
        "a little stiff at the start",
        "windy, kept it short",
        "knee fine afterwards <b>really</b>",
        "good pace, small steps",
        "left hip ached a bit",
        "park loop, no obstacles",
    ];
    let mut csv = String::from("date,minutes,steps,surface,pain,note\n");
    let first = chrono::NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
    for n in 0..56u32 {
        let date = first + chrono::Duration::days(n.into());
        let minutes = 5.0 + f64::from(n * 7 % 13) / 2.0;
        let steps = if n % 3 == 0 {
            String::new()
        } else {
            (180 + n * 37 % 270).to_string()
        };
        let pain = if n % 11 == 4 {
            "7".to_string()
        } else {
            (n % 4).to_string()
        };
        let note = notes[n as usize % notes.len()];
        let _ = writeln!(csv, "{date} 07:30,{minutes},{steps},grass,{pain},\"{note}\"");
    }
    let file = env.dir.path().join("walks.csv");
    std::fs::write(&file, csv).unwrap();
    env.run(&["import", file.to_str().unwrap()]).ok();
    env.at("2026-11-20T08:00:00+01:00");
    env.run(&["morning", "6", "--date", "2026-11-18"]).ok();
    env.run(&["morning", "2"]).ok();
    env.at(NOW);
    env
}

fn write_report(env: &TestEnv, name: &str) -> (std::path::PathBuf, String) {
    let path = env.dir.path().join(name);
    env.run(&["report", "--html", path.to_str().unwrap()]).ok();
    let html = std::fs::read_to_string(&path).unwrap();
    (path, html)
}

/// A cell's figure as the report prints it: the JSON number, without `.0`.
fn figure(value: &Value) -> String {
    match value {
        Value::Null => "—".into(),
        Value::Number(n) if n.is_f64() => format!("{}", n.as_f64().unwrap()),
        other => other.to_string(),
    }
}

#[test]
fn every_weekly_figure_equals_report_json_and_week_json() {
    let env = eight_weeks();
    let (_, html) = write_report(&env, "report.html");
    let report = env
        .run(&["--json", "report", "--from", "2026-10-05", "--to", "2026-11-29"])
        .json();
    let periods = report["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 8, "the default range is the last 8 weeks");
    for period in periods {
        let label = period["period"].as_str().unwrap();
        let week = env.run(&["--json", "week", "--week", label]).json();
        let pain_max = week["days"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["pain_max"].as_u64())
            .max();
        let morning_max = week["days"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["morning_pain"].as_u64())
            .max();
        let row = format!(
            "<td>{label}</td><td class=\"text\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            "", // the days of the week, checked below
            figure(&week["totals"]["active_days"]),
            figure(&period["minutes"]),
            figure(&period["steps"]),
            figure(&period["days_on_target"]),
            figure(&period["pain_avg"]),
            pain_max.map_or("—".into(), |p| p.to_string()),
            morning_max.map_or("—".into(), |p| p.to_string()),
        );
        let at = html
            .find(&format!("<tr id=\"week-{label}\">"))
            .unwrap_or_else(|| panic!("no row for {label}"));
        let end = at + html[at..].find("</tr>").unwrap() + 5;
        let printed = &html[at..end];
        let (before, after) = row.split_once("<td class=\"text\"></td>").unwrap();
        assert!(
            printed.contains(before) && printed.ends_with(after),
            "{label}:\n{printed}\n{row}"
        );
        assert_eq!(week["totals"]["minutes"], period["minutes"]);
    }
    let totals = &report["totals"];
    assert!(html.contains(&format!(
        "<th>{}</th><th>{}</th><th>{}</th>",
        figure(&totals["minutes"]),
        figure(&totals["steps"]),
        figure(&totals["days_on_target"])
    )));
    // Every walk with its note, escaped; the painful days listed.
    assert_eq!(html.matches("<td class=\"note\">").count(), 56);
    assert!(
        html.contains("knee fine afterwards &#60;b&#62;really&#60;/b&#62;")
            || html.contains("knee fine afterwards &lt;b&gt;really&lt;/b&gt;")
    );
    assert!(!html.contains("<b>really"));
    assert!(
        html.contains("<tr><td>Wed 18 Nov</td><td>"),
        "the morning pain of 6 lists its day"
    );
}

#[test]
fn the_report_stands_alone_and_prints_its_figures() {
    let env = eight_weeks();
    let (path, html) = write_report(&env, "report.html");
    for outside in [
        "<script", "http:", "https:", "<link", "src=", "url(", "@import", "<a ",
    ] {
        assert!(!html.contains(outside), "{outside} in the report");
    }
    assert!(html.contains("<svg") && html.contains("<style>"));
    // Each day's figures are printed (the chart labels), not in titles.
    assert!(html.contains(">10.5</text>") || html.contains(">5</text>"));
    assert!(html.contains("Mon 5 Oct 2026 to Sun 29 Nov 2026"));
    assert!(html.contains("adapted from the pain-monitoring model"));
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // Written like every output: an existing file only with --force, never
    // the store.
    let before = std::fs::read(&path).unwrap();
    env.run(&["report", "--html", path.to_str().unwrap()]).fails(1);
    env.run(&["report", "--html", path.to_str().unwrap(), "--force"])
        .ok();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the same history, the same report"
    );
    let store = env.store();
    env.run(&["report", "--html", store.to_str().unwrap(), "--force"])
        .fails(2);
    let json = env
        .run(&[
            "--json",
            "report",
            "--html",
            env.dir.path().join("b.html").to_str().unwrap(),
        ])
        .json();
    assert_eq!(
        (json["from"].as_str(), json["to"].as_str()),
        (Some("2026-10-05"), Some("2026-11-29"))
    );
    env.run(&["report", "--html", "x.html", "--csv"]).fails(2);
}

fn found(program: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The pages of a PDF, as `pdfinfo` counts them.
fn pages(pdf: &Path) -> u32 {
    let info = std::process::Command::new("pdfinfo").arg(pdf).output().unwrap();
    let text = String::from_utf8_lossy(&info.stdout);
    text.lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo: {text}"))
}

#[test]
fn printed_by_a_browser_eight_weeks_take_at_most_two_pages() {
    if !(found("chromium") && found("pdfinfo")) {
        eprintln!(
            "passed over: chromium and pdfinfo (Debian chromium, poppler-utils) are needed; .ci/run installs them"
        );
        return;
    }
    let env = eight_weeks();
    let (path, _) = write_report(&env, "report.html");
    for size in ["A4", "Letter"] {
        // The browser prints the page at the paper size asked for.
        let sized = env.dir.path().join(format!("report-{size}.html"));
        let html = std::fs::read_to_string(&path)
            .unwrap()
            .replace("size: auto;", &format!("size: {size};"));
        std::fs::write(&sized, html).unwrap();
        let pdf = env.dir.path().join(format!("report-{size}.pdf"));
        print_to_pdf(&env, &sized, &pdf);
        let count = pages(&pdf);
        assert!((1..=2).contains(&count), "{size}: {count} pages");
        // A table that runs onto the second page names its columns there
        // again, so a printed page can be read on its own.
        if count == 2 && found("pdftotext") {
            let text = page_text(&pdf, 2);
            assert!(text.contains("grass"), "{size}: the walks go on: {text}");
            for heading in ["surface", "steps", "minutes", "note"] {
                assert!(
                    text.contains(heading),
                    "{size}: page 2 does not say which column is '{heading}':\n{text}"
                );
            }
        }
    }
}

/// Prints an HTML file to PDF with headless Chromium.
fn print_to_pdf(env: &TestEnv, html: &Path, pdf: &Path) {
    let status = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            &format!("--user-data-dir={}", env.dir.path().join("profile").display()),
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", html.display()),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success() && pdf.exists(), "chromium printed nothing");
}

/// How wide the title's first word is printed on page 1, in points.
fn title_word_width(pdf: &Path) -> f64 {
    let output = std::process::Command::new("pdftotext")
        .args(["-bbox", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    let word = text
        .lines()
        .find(|line| line.contains("<word") && line.contains(">Backward</word>"))
        .unwrap_or_else(|| panic!("no title in {text}"));
    let attribute = |name: &str| -> f64 {
        let from = word.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        word[from..].split('"').next().unwrap().parse().unwrap()
    };
    attribute("xMax") - attribute("xMin")
}

#[test]
fn a_long_unbroken_note_is_wrapped_not_printed_smaller() {
    if !(found("chromium") && found("pdftotext")) {
        eprintln!(
            "passed over: chromium and pdftotext (Debian chromium, poppler-utils) are needed; .ci/run installs them"
        );
        return;
    }
    let env = TestEnv::new();
    env.run(&["log", "8", "--at", "2026-11-20 08:00", "--note", "knee fine"])
        .ok();
    let plain = write_report(&env, "plain.html").0;
    env.run(&[
        "log",
        "8",
        "--at",
        "2026-11-21 08:00",
        "--note",
        &format!("physio:{}", "kneeflexion".repeat(12)),
    ])
    .ok();
    let long = write_report(&env, "long.html").0;
    let widths: Vec<f64> = [plain, long]
        .iter()
        .map(|html| {
            let pdf = html.with_extension("pdf");
            print_to_pdf(&env, html, &pdf);
            title_word_width(&pdf)
        })
        .collect();
    assert!(
        (widths[0] - widths[1]).abs() < 0.5,
        "the page was shrunk to fit a note: the title is {} pt wide, {} pt without the note",
        widths[1],
        widths[0]
    );
}

/// The text of one page of a PDF, as `pdftotext` reads it.
fn page_text(pdf: &Path, page: u32) -> String {
    let page = page.to_string();
    let output = std::process::Command::new("pdftotext")
        .args(["-f", &page, "-l", &page])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_plan_dates_the_rhythm_and_the_ranges_it_changed() {
    let mut env = TestEnv::new();
    env.at("2026-11-01T10:00:00+01:00");
    env.run(&["goals", "--days", "3"]).ok();
    env.run(&["goals", "--minutes", "10-15"]).ok();
    env.at("2026-11-02T18:30:00+01:00");
    env.run(&["log", "10", "--steps", "300"]).ok();
    env.at(NOW);
    let (_, html) = write_report(&env, "report.html");
    for row in [
        "<td>minutes range</td><td class=\"text\">10–15 minutes a day since Sun 1 Nov (before: 5–10)</td>",
        "<td>steps range</td><td class=\"text\">200–400 backward steps a day</td>",
        "<td>rhythm</td><td class=\"text\">3 walk days a week since Sun 1 Nov (before: every day)</td>",
    ] {
        assert!(html.contains(row), "{row} not in:\n{html}");
    }
}
