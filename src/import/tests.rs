use super::*;
use chrono::Utc;
use proptest::prelude::*;
// What the tests name from the readers behind the face.
use super::csv::delimiter_of;
use super::fields::start_of;
use crate::model::{self, Session, Surface, WalkDuration};
use crate::parse;
use chrono::DateTime;

fn clock() -> Clock {
    let now = DateTime::parse_from_rfc3339("2026-11-21T18:30:00+01:00").unwrap();
    Clock::new(now.with_timezone(&Utc), "Europe/Berlin".parse().unwrap())
}

fn csv(text: &str) -> Result<Vec<NewSession>, Rejection> {
    read_sessions(text.as_bytes(), Format::Csv, &clock())
}

fn json(text: &str) -> Result<Vec<NewSession>, Rejection> {
    read_sessions(text.as_bytes(), Format::Json, &clock())
}

fn bad_records(result: Result<Vec<NewSession>, Rejection>) -> Vec<String> {
    match result {
        Err(Rejection::Records(errors)) => errors,
        other => panic!("expected bad records, got {other:?}"),
    }
}

fn whole_file(result: Result<Vec<NewSession>, Rejection>) -> String {
    match result {
        Err(Rejection::File(message)) => message,
        other => panic!("expected a whole-file rejection, got {other:?}"),
    }
}

/// The line each error names, from its `line N:` prefix.
fn lines_named(errors: &[String]) -> Vec<usize> {
    errors
        .iter()
        .map(|e| {
            let rest = e.strip_prefix("line ").unwrap_or_else(|| panic!("{e}"));
            rest[..rest.find(':').unwrap()].parse().unwrap()
        })
        .collect()
}

fn duration_fault(text: &str) -> String {
    parse::duration(text).unwrap_err()
}

#[test]
fn formats_are_detected_by_flag_extension_then_content() {
    let p = Path::new;
    assert_eq!(detect_format(Some(Format::Csv), p("a.json"), b"[]"), Format::Csv);
    assert_eq!(detect_format(None, p("a.CSV"), b"[]"), Format::Csv);
    assert_eq!(detect_format(None, p("a.tsv"), b"[]"), Format::Csv);
    assert_eq!(detect_format(None, p("a.txt"), b"  [ ]"), Format::Json);
    assert_eq!(detect_format(None, p("-"), b"date,minutes"), Format::Csv);
    assert_eq!(detect_format(None, p("-"), b"\xEF\xBB\xBF\r\n[]"), Format::Json);
    assert_eq!(detect_format(None, p("-"), b"\xEF\xBB\xBF{}"), Format::Json);
    assert_eq!(detect_format(None, p("-"), b"\xEF\xBB\xBFdate"), Format::Csv);
}

#[test]
fn lines_are_counted_at_lf_crlf_and_lone_cr_in_one_pass() {
    let text = b"a\r\nb\rc\n\nd\r\r\ne";
    let mut lines = Lines::new(text);
    let expected = [
        (0, 1),
        (1, 1), // the `\r` of `\r\n`
        (2, 1), // its `\n`
        (3, 2),
        (5, 3),
        (7, 4),
        (8, 5),
        (9, 5),
        (10, 6),
        (11, 6),
        (12, 7),
        (13, 7),
        (99, 7),
    ];
    for (at, line) in expected {
        assert_eq!(lines.line_at(at), line, "byte {at}");
    }
    // Asked out of order, it counts again rather than answer wrong.
    assert_eq!(lines.line_at(3), 2);
    assert_eq!(Lines::new(b"").line_at(0), 1);
}

#[test]
fn csv_errors_name_the_physical_line_whatever_the_line_ends() {
    for end in ["\n", "\r\n", "\r"] {
        let rows = [
            "date,minutes,note",
            "",
            "2026-11-20,x,",
            "2026-11-19,8,fine",
            "",
            "",
            "",
            "2026-11-18,y,",
            "2026-11-17,8,\"two",
            "lines\"",
            "2026-11-16,z,",
            "2026-11-15,8,\"\"\"quoted\"\"\"",
            "2026-11-14,w,",
        ];
        let text = rows.join(end);
        let errors = bad_records(csv(&text));
        let note =
            "note: a note may not contain control characters (found U+000D); use one line of plain text";
        let note = if end == "\n" {
            note.replace("000D", "000A")
        } else {
            note.to_string()
        };
        assert_eq!(
            errors,
            [
                format!("line 3: minutes: {}", duration_fault("x")),
                format!("line 8: minutes: {}", duration_fault("y")),
                format!("line 9: {note}"),
                format!("line 11: minutes: {}", duration_fault("z")),
                format!("line 13: minutes: {}", duration_fault("w")),
            ],
            "{end:?}"
        );
        // The same with a line end after the last row, and blank lines
        // before the header.
        let text = format!("{end}{end}{text}{end}");
        assert_eq!(
            lines_named(&bad_records(csv(&text))),
            [5, 10, 11, 13, 15],
            "{end:?}"
        );
    }
    // Line ends of every kind in one file.
    let text = "date,minutes\r\n2026-11-20,x\n\r2026-11-19,y\r\r\n2026-11-18,8\n2026-11-17,z";
    assert_eq!(lines_named(&bad_records(csv(text))), [2, 4, 7]);
}

#[test]
fn rows_with_the_wrong_number_of_cells_are_named_on_their_line() {
    let text = "date,minutes\r\n2026-11-20,8\r\n\r\n2026-11-11,6,extra\r\n   \r\n,,\r\n2026-11-12\r\n";
    assert_eq!(
        bad_records(csv(text)),
        [
            "line 4: has 3 cells where the header has 2",
            "line 7: has 1 cell where the header has 2",
        ]
    );
    // A quote never closed swallows the rest of the file into its row.
    let text = "date,minutes,note\n2026-11-20,8,ok\n2026-11-19,8,\"oops\n2026-11-18,8,\n2026-11-17,8,\n";
    assert_eq!(
        bad_records(csv(text)),
        [
            "line 3: note: a note may not contain control characters (found U+000A); use one line of \
          plain text; a quoted cell opened in this row is never closed, so the row runs to the end of \
          the file"
        ]
    );
    let text = "date,minutes\n2026-11-20,8\n\"2026-11-19,8\n2026-11-18,8\n";
    assert_eq!(
        bad_records(csv(text)),
        [
            "line 3: has 1 cell where the header has 2; a quoted cell opened in this row is never \
          closed, so the row runs to the end of the file"
        ]
    );
}

#[test]
fn every_bad_field_of_every_bad_row_is_named_left_to_right() {
    let text = "date,minutes,steps,surface,incline,pain,note\n\
                2026-11-20,8,300,grass,,,\n\
                2026-02-30,abc,-4,moon,41,11,\"a\u{7}b\"\n\
                2026-11-19,8,,,,,\n\
                ,,,,,3,\n";
    let errors = bad_records(csv(text));
    let date = start_of("2026-02-30", &clock()).unwrap_err();
    let surface = "moon".parse::<Surface>().unwrap_err();
    let incline = model::check_incline(41.0).unwrap_err();
    assert_eq!(
        errors,
        [
            format!(
                "line 3: date: {date}; minutes: {}; steps: '-4' is not a step count: it cannot be negative; use a whole number \
                 from 0 to 100000; surface: {surface}; incline_percent: {incline}; pain: '11' is not a \
                 pain score; use a whole number from 0 (none) to 10 (worst); note: a note may not \
                 contain control characters (found U+0007); use one line of plain text",
                duration_fault("abc")
            ),
            "line 5: date: empty; minutes: empty".into(),
        ]
    );
    // Left to right as the header has them, whatever the order.
    let errors = bad_records(csv("pain,minutes,date\n12,0,yesterday\n"));
    assert_eq!(
        errors,
        [format!(
            "line 2: pain: '12' is not a pain score; use a whole number from 0 (none) to 10 (worst); \
             minutes: {}",
            duration_fault("0")
        )]
    );
    // A cell that is not UTF-8 is one more fault of its row.
    let errors = bad_records(read_sessions(
        b"date,minutes,note,steps\n2026-11-10,6,ok,\n2026-11-11,6,caf\xe9,x\n",
        Format::Csv,
        &clock(),
    ));
    assert_eq!(
        errors,
        [
            "line 3: cell 3 is not UTF-8 text; steps: 'x' is not a step count; use a whole number from 0 to 100000"
        ]
    );
    // Cells of columns the importer does not read are not looked at.
    let sessions = read_sessions(
        b"date,minutes,comment\n2026-11-10,6,caf\xe9\n",
        Format::Csv,
        &clock(),
    )
    .unwrap();
    assert_eq!(sessions.len(), 1);
}

#[test]
fn an_error_lists_twenty_bad_records_then_counts_the_rest() {
    let mut text = String::from("date,minutes\n");
    for day in 1..=25 {
        let _ = writeln!(text, "2026-10-{day:02},x");
    }
    let errors = bad_records(csv(&text));
    assert_eq!(errors.len(), 25);
    assert_eq!(lines_named(&errors), (2..=26).collect::<Vec<_>>());
    let described = describe(&errors);
    let shown: Vec<&str> = described.lines().collect();
    assert_eq!(shown.len(), 21);
    for (index, line) in shown[..20].iter().enumerate() {
        assert_eq!(*line, format!("  {}", errors[index]));
    }
    assert_eq!(shown[20], "  and 5 more");
    assert_eq!(describe(&errors[..20]).lines().count(), 20);
    assert_eq!(describe(&errors[..1]), format!("  {}", errors[0]));
    assert_eq!(describe(&errors[..21]).lines().last(), Some("  and 1 more"));
    assert_eq!(describe(&[]), "");
}

#[test]
fn json_records_are_read_with_their_fields() {
    let text = r#"[
      {"id": 9, "start": "2026-11-20T07:30:00+01:00", "end": "x", "duration_seconds": 450,
       "minutes": 7.5, "steps": 320, "surface": "grass", "incline_percent": 2.5, "pain": 4, "note": "ok"},
      {"start": "2026-11-19", "minutes": 8, "steps": null, "surface": null, "incline_percent": -0.0,
       "pain": null, "note": null}
    ]"#;
    let sessions = json(text).unwrap();
    assert_eq!(sessions[0].duration.seconds(), 450);
    assert_eq!(sessions[0].surface, Surface::Grass);
    assert_eq!(sessions[0].incline_percent, Some(2.5));
    assert_eq!(sessions[0].pain, Some(4));
    assert_eq!(sessions[0].note.as_deref(), Some("ok"));
    assert_eq!(sessions[1].start.to_rfc3339(), "2026-11-19T12:00:00+01:00");
    assert_eq!(sessions[1].surface, Surface::Other);
    assert_eq!(sessions[1].pain, None);
    assert!(sessions[1].incline_percent.unwrap().is_sign_positive());
    let store = r#"{"format": "backwalk", "sessions": [{"start": "2026-11-19", "minutes": 8}]}"#;
    assert_eq!(json(store).unwrap().len(), 1);
}

#[test]
fn every_bad_json_record_is_named_with_its_line() {
    let text = "[\n{\"start\": \"2026-11-20T07:30:00Z\", \"minutes\": 8},\n{\"start\": \"2026-11-20T07:30:00Z\", \"minutes\": 0},\n{\"start\": \"2099-01-01\", \"minutes\": 5, \"surface\": \"gras\"},\n{\"minutes\": 5}\n]";
    let errors = bad_records(json(text));
    let surface = "gras".parse::<Surface>().unwrap_err();
    let future = start_of("2099-01-01", &clock()).unwrap_err();
    assert_eq!(
        errors,
        [
            "record 2 (line 3): minutes: 0 is not a duration; use a number of minutes above 0, up to 1440"
                .to_string(),
            format!("record 3 (line 4): start: {future}; surface: {surface}"),
            "record 4 (line 5): start: missing; give when the walk began, in RFC 3339 \
             (2026-11-20T07:30:00+01:00) or as a date"
                .into(),
        ]
    );
    let broken = whole_file(json("[{"));
    assert!(broken.contains("line 1"), "{broken}");
    let object = whole_file(json("{\"a\": 1}"));
    assert!(object.contains("sessions"), "{object}");
    assert_eq!(json(" \n"), Err(Rejection::Empty));
}

#[test]
fn every_fault_of_a_json_record_is_named() {
    let text = r#"[{"start": 5, "minutes": "8", "steps": -1, "surface": 3, "incline_percent": "x",
                    "pain": 11, "note": 5}, 7, {"start": "2026-11-20", "duration_seconds": 4.5,
                    "steps": 100001, "pain": -1, "note": "a\u202Eb"}]"#;
    assert_eq!(
        bad_records(json(text)),
        [
            format!(
                "record 1 (line 1): start: 5 is not a time; use RFC 3339 (2026-11-20T07:30:00+01:00) or a \
                 date; minutes: \"8\" is not a duration; use a number of minutes above 0, up to 1440; steps: \
                 -1 is not a step count; use a whole number from 0 to 100000; surface: unknown surface '3'; \
                 accepted: {}; incline_percent: \
                 \"x\" is not an incline; use a percentage from 0 to 40; pain: 11 is not a pain score; use \
                 a whole number from 0 (none) to 10 (worst); note: 5 is not text; a note is a string",
                Surface::LIST
            )
            .as_str(),
            "record 2 (line 2): 7 is not a session; a session is an object such as {\"start\": \
             \"2026-11-20T07:30:00+01:00\", \"minutes\": 8}",
            "record 3 (line 2): duration_seconds: 4.5 is not a whole number of seconds; use 1 to 86400; \
             steps: steps must be 0 to 100000, not 100001; pain: -1 is not a pain score; use a whole \
             number from 0 (none) to 10 (worst); note: a note may not contain bidirectional-override \
             characters (found U+202E): they reorder the text on screen; use plain text",
        ]
    );
}

#[test]
fn json_lines_stay_right_with_crlf_lone_cr_and_a_byte_order_mark() {
    let records = [
        "[",
        "{\"start\": \"2026-11-20T07:30:00Z\", \"minutes\": 8},",
        "",
        "{\"start\": \"2026-11-20T07:30:00Z\",",
        "  \"minutes\": 0},",
        "{\"start\": \"2026-11-20T08:30:00Z\", \"minutes\": 8, \"pain\": 11}",
        "]",
    ];
    for end in ["\n", "\r\n", "\r"] {
        for bom in ["", "\u{feff}"] {
            let text = format!("{bom}{}", records.join(end));
            let errors = bad_records(json(&text));
            assert_eq!(
                errors,
                [
                    "record 2 (line 4): minutes: 0 is not a duration; use a number of minutes above 0, \
                     up to 1440",
                    "record 3 (line 6): pain: 11 is not a pain score; use a whole number from 0 (none) \
                     to 10 (worst)",
                ],
                "{end:?} {bom:?}"
            );
        }
    }
    // A file that is not JSON at all: the place in physical lines too.
    for end in ["\n", "\r\n", "\r"] {
        for bom in ["", "\u{feff}"] {
            let text = format!("{bom}[{end}{{\"start\": \"2026-11-20\"}},{end}{end}  {{\"é\": 1,]");
            let broken = whole_file(json(&text));
            assert!(
                broken.ends_with("at line 4 column 11"),
                "{end:?} {bom:?}: {broken}"
            );
        }
    }
    assert!(whole_file(json("[{")).ends_with("EOF while parsing an object at line 1 column 2"));
    let store = "\u{feff}{\r\n\"sessions\": [\r\n\r\n{\"start\": \"2099-11-20\", \"minutes\": 8}]}";
    assert!(bad_records(json(store))[0].starts_with("record 1 (line 4): start"));
    assert_eq!(json("\u{feff}[]").unwrap(), []);
}

#[test]
fn a_byte_order_mark_is_accepted_in_csv() {
    let text = "\u{feff}date,minutes\r\n2026-11-20,8\r\n2026-11-19,x\r\n";
    assert_eq!(
        bad_records(csv(text)),
        [format!("line 3: minutes: {}", duration_fault("x"))]
    );
    let sessions = csv("\u{feff}Minutes,Date\n8,2026-11-20\n").unwrap();
    assert_eq!(sessions[0].duration.seconds(), 480);
    assert_eq!(csv("\u{feff}"), Err(Rejection::Empty));
    assert_eq!(csv("\u{feff}\r\n\r"), Err(Rejection::Empty));
    assert_eq!(csv("\u{feff}date,minutes\r\n").unwrap(), []);
    let utf16 = whole_file(read_sessions(b"\xff\xfed\0a\0", Format::Csv, &clock()));
    assert!(utf16.contains("UTF-16") && utf16.contains("not UTF-8"), "{utf16}");
}

#[test]
fn csv_may_be_delimited_by_semicolons_or_tabs() {
    assert_eq!(delimiter_of(b"date,minutes"), b',');
    assert_eq!(delimiter_of(b"date;minutes;steps"), b';');
    assert_eq!(delimiter_of(b"date\tminutes"), b'\t');
    assert_eq!(delimiter_of(b"date"), b',');
    assert_eq!(delimiter_of(b"a;b,c\td"), b',', "a tie goes to the comma");
    assert_eq!(delimiter_of(b"a;b\tc"), b';', "then to the semicolon");
    assert_eq!(delimiter_of(b"\"a,b,c\";minutes"), b';', "not inside quotes");
    assert_eq!(
        delimiter_of(b"\"a\"\",\"\"b\";minutes"),
        b';',
        "nor after an escaped quote"
    );
    assert_eq!(
        delimiter_of(b"\r\n\r\ndate;minutes\nx,y,z,w"),
        b';',
        "the header line only"
    );
    assert_eq!(
        delimiter_of(b"da\"te,minutes;x"),
        b',',
        "a quote inside a cell is a letter"
    );

    let german =
        "Date;Minutes;Steps;Incline;Note\r\n2026-11-20;7,5;300;2,5;\"a; b, c\"\r\n2026-11-19;8;;;\r\n";
    let sessions = csv(german).unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[0].duration.seconds(), 450);
    assert_eq!(sessions[0].incline_percent, Some(2.5));
    assert_eq!(sessions[0].note.as_deref(), Some("a; b, c"));
    assert_eq!(sessions[1].steps, None);
    let errors = bad_records(csv("date;minutes;steps\n2026-11-20;8;x\n\n2026-11-19;8;1,5\n"));
    assert_eq!(lines_named(&errors), [2, 4]);

    let tabs = "date\tminutes\tsurface\tnote\n2026-11-20\t8\tsand\ta, b; c\n";
    let sessions = csv(tabs).unwrap();
    assert_eq!(sessions[0].surface, Surface::Sand);
    assert_eq!(sessions[0].note.as_deref(), Some("a, b; c"));
    // A comma file keeps commas out of numbers.
    let errors = bad_records(csv("date,minutes\n2026-11-20,\"7,5\"\n"));
    assert_eq!(errors, [format!("line 2: minutes: {}", duration_fault("7,5"))]);
}

#[test]
fn spreadsheet_csv_in_any_column_order() {
    let text = "Minutes,Date,Note,Steps\n7:30,2026-11-20,'=1+1,300\n8,2026-11-19 07:15,,\n\n";
    let sessions = csv(text).unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[0].duration.seconds(), 450);
    assert_eq!(sessions[0].note.as_deref(), Some("=1+1"));
    assert_eq!(sessions[1].start.to_rfc3339(), "2026-11-19T07:15:00+01:00");
    assert_eq!(sessions[1].steps, None);

    let text = " NOTES ,Pain,incline,SURFACE,Steps,Duration,Time,DATE\n  hi ,  3 ,2.5,Grass, 300 ,8,07:15,2026-11-20\n";
    let session = &csv(text).unwrap()[0];
    assert_eq!(session.note.as_deref(), Some("  hi "));
    assert_eq!(session.pain, Some(3));
    assert_eq!(session.incline_percent, Some(2.5));
    assert_eq!(session.surface, Surface::Grass);
    assert_eq!(session.steps, Some(300));
    assert_eq!(session.duration.seconds(), 480);
    assert_eq!(session.start.to_rfc3339(), "2026-11-20T07:15:00+01:00");

    // Only the two required columns.
    let session = &csv("start,duration_seconds\n2026-11-20T07:30:00+01:00,90\n").unwrap()[0];
    assert_eq!(
        (session.duration.seconds(), session.surface),
        (90, Surface::Other)
    );
    assert_eq!((session.steps, session.pain, &session.note), (None, None, &None));

    let missing = whole_file(csv("\r\n\r\nwhen,how long\r\n"));
    assert_eq!(
        missing,
        "line 3: the CSV header needs a start or date column and a minutes or duration_seconds column \
         (steps, surface, incline_percent, pain and note are optional); found: when,how long"
    );
    let missing = whole_file(csv("date,steps\n"));
    assert!(missing.ends_with("found: date,steps"), "{missing}");
    let binary = whole_file(read_sessions(b"date,min\xffutes\n", Format::Csv, &clock()));
    assert_eq!(binary, "line 1 (the header): cell 2 is not UTF-8 text");
}

#[test]
fn pain_is_a_whole_number_from_0_to_10() {
    for (cell, pain) in [("0", 0), ("10", 10), (" 5 ", 5), ("05", 5)] {
        let text = format!("date,minutes,pain\n2026-11-20,8,{cell}\n");
        assert_eq!(csv(&text).unwrap()[0].pain, Some(pain), "{cell:?}");
    }
    assert_eq!(csv("date,minutes,pain\n2026-11-20,8,\n").unwrap()[0].pain, None);
    for cell in ["11", "-1", "2.5", "x", "+3", "1000", "'-1"] {
        let text = format!("date,minutes,pain\n2026-11-20,8,{cell}\n");
        let shown = cell.trim_start_matches('\'');
        assert_eq!(
            bad_records(csv(&text)),
            [format!(
                "line 2: pain: '{shown}' is not a pain score; use a whole number from 0 (none) to 10 (worst)"
            )],
            "{cell:?}"
        );
    }
}

#[test]
fn csv_notes_keep_their_spaces_and_inclines_any_decimal() {
    let text = "start,duration_seconds,incline_percent,note\n2026-11-20T07:30:00+01:00, 450 ,0.00000000000001,  two  spaces \n";
    let sessions = csv(text).unwrap();
    assert_eq!(sessions[0].note.as_deref(), Some("  two  spaces "));
    assert_eq!(sessions[0].incline_percent, Some(1e-14));
    assert_eq!(sessions[0].duration.seconds(), 450);
    for bad in ["-1", "41", "nan", "inf"] {
        let text = format!("date,minutes,incline\n2026-11-20,8,{bad}\n");
        let errors = bad_records(csv(&text));
        assert!(errors[0].starts_with("line 2: incline_percent"), "{errors:?}");
    }
}

#[test]
fn the_formula_guard_comes_off_every_cell() {
    // Only where it guards: `'8` is what someone typed, and wrong.
    let text = "date,minutes,steps,pain,note\n2026-11-20,'8,300,3,'-3 °C\n2026-11-19,8,'-4,,'' =x\n";
    let errors = bad_records(csv(text));
    assert_eq!(
        errors,
        [
            format!("line 2: minutes: {}", duration_fault("'8")),
            "line 3: steps: '-4' is not a step count: it cannot be negative; use a whole number from 0 to 100000".into(),
        ]
    );
    let text = "date,minutes,note\n2026-11-20,8,'-3 °C\n2026-11-19,8,'' =x\n2026-11-18,8,'plain\n";
    let notes: Vec<_> = csv(text).unwrap().into_iter().map(|s| s.note.unwrap()).collect();
    assert_eq!(notes, ["-3 °C", "' =x", "'plain"]);
}

#[test]
fn a_csv_export_imports_back_with_pain_and_every_note() {
    let notes = [
        Some("=1+1"),
        Some(" -x"),
        Some("'=y"),
        Some("''@z"),
        Some("＠home"),
        Some("＋1, \"quoted\""),
        Some("'plain"),
        Some("  two  spaces "),
        Some("; and\u{a0}"),
        None,
    ];
    let mut document = model::Document::default();
    for (index, note) in (0u8..).zip(&notes) {
        document
            .add(
                NewSession {
                    start: DateTime::parse_from_rfc3339("2026-11-01T07:30:00+01:00").unwrap()
                        + chrono::Duration::hours(index.into()),
                    duration: WalkDuration::from_seconds(450 + u64::from(index)).unwrap(),
                    steps: (index % 2 == 0).then_some(300),
                    surface: Surface::ALL[usize::from(index) % Surface::ALL.len()],
                    incline_percent: (index % 3 == 0).then_some(f64::from(index) / 3.0),
                    pain: (index % 4 != 3).then_some(index),
                    note: note.map(str::to_string),
                },
                clock().now(),
            )
            .unwrap();
    }
    let exported = crate::render::csv::sessions(document.sessions.iter().map(|s| (s, Some(70.0)))).unwrap();
    let imported = read_sessions(&exported, Format::Csv, &clock()).unwrap();
    let expected: Vec<NewSession> = document
        .sessions
        .iter()
        .map(|s| NewSession {
            start: s.start,
            duration: s.duration_seconds,
            steps: s.steps,
            surface: s.surface,
            incline_percent: s.incline_percent,
            pain: s.pain,
            note: s.note.clone(),
        })
        .collect();
    assert_eq!(imported, expected);
    assert_eq!(imported[0].pain, Some(0));
    assert_eq!(imported[3].pain, None);
}

#[test]
fn twins_are_skipped_and_walks_that_only_share_a_start_are_not() {
    let now = clock().now();
    let walks = csv("date,minutes,note\n\
         2026-11-10 07:00,5,a\n\
         2026-11-11 07:00,5,\n\
         2026-11-10 07:00,5,a\n\
         2026-11-09 07:00,5,\n\
         2026-11-11 07:00,5,\n")
    .unwrap();
    let stored = Session::from_new(1, walks[3].clone());
    let Sorted { fresh, skipped } =
        sort_out(std::slice::from_ref(&stored), None, walks.clone(), now).unwrap();
    assert_eq!(skipped, 3, "the stored walk, and a twin of each earlier row");
    assert_eq!(fresh, [walks[0].clone(), walks[1].clone()]);
    // The same start and length with another note is another walk: it
    // overlaps its namesake, and the import is refused (its own twin
    // is skipped, not named again).
    let mut other = walks[0].clone();
    other.note = Some("b".into());
    let rows = vec![walks[0].clone(), other.clone(), other.clone()];
    let clashes = sort_out(&[stored], None, rows, now).unwrap_err();
    assert_eq!(clashes.len(), 1);
    assert_eq!(clashes[0].walk, other);
}

#[test]
fn cells_quoted_in_errors_are_cut_and_escaped() {
    let long = "9".repeat(1 << 20);
    let text = format!("date,minutes\n2026-11-20,{long}\n");
    let errors = bad_records(csv(&text));
    assert_eq!(
        errors,
        [
            format!("line 2: minutes: {}", duration_fault(&long))
                .replace(&long, &format!("{}…", &long[..40]))
        ]
    );
    assert!(errors[0].len() < 400, "{}", errors[0].len());
    let errors = bad_records(csv("date,minutes,surface\n2026-11-20,8,\"\u{1b}[2J\u{202E}x\"\n"));
    assert_eq!(
        errors,
        [format!(
            "line 2: surface: unknown surface '\\u{{1b}}[2J\\u{{202e}}x'; accepted: {}",
            Surface::LIST
        )]
    );
    let errors = bad_records(json(&format!("[{{\"start\": \"{long}\", \"minutes\": 8}}]")));
    assert!(errors[0].len() < 400, "{}", &errors[0][..400]);
}

/// Hostile files: never a panic, always an answer.
#[test]
fn hostile_bytes_never_panic() {
    let mut inputs: Vec<Vec<u8>> = [
        &b""[..],
        b"\xEF\xBB\xBF",
        b"\xEF\xBB",
        b"\r",
        b"\r\r\r",
        b"\n",
        b"\"",
        b"\"\"\"",
        b"date,minutes",
        b"date,minutes\n",
        b"date;minutes\r",
        b"date,minutes\n\"2026-11-20,8",
        b"date,minutes\n2026-11-20,\"8",
        b"date,minutes,note\n2026-11-20,8,\"a\"b\"\n",
        b"date,minutes\n2026-11-20\x00,8\x00\n",
        b"\x00\x00\x00",
        b"date,minutes,note\n2026-11-20,8,\xff\xfe\n",
        b"date,minutes\n\xc3\n",
        b"[",
        b"[{",
        b"[{\"start\": \"\xff\"}]",
        b"{\"sessions\": 5}",
        b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]",
        b"[{\"start\": \"2026-11-20\", \"minutes\": 1e308, \"steps\": 1e300, \"pain\": 300}]",
        b"[{\"start\": \"2026-11-20\", \"minutes\": -1e-300, \"incline_percent\": 1e400}]",
        b"\xEF\xBB\xBF\xEF\xBB\xBFdate,minutes\n2026-11-20,8\n",
        b"date,minutes,date,minutes\n2026-11-20,8,x,y\n",
        b"\t\t\n\t\t\n",
        b";;;\n",
    ]
    .iter()
    .map(|b| b.to_vec())
    .collect();
    let mut long_line = b"date,minutes,note\n2026-11-20,8,".to_vec();
    long_line.extend(std::iter::repeat_n(b'x', 1 << 20));
    inputs.push(long_line);
    inputs.push(std::iter::repeat_n(b'a', 1 << 20).collect());
    inputs.push([b"date,minutes\n\"".as_slice(), &vec![b'\r'; 1 << 16]].concat());
    for input in &inputs {
        for format in [Format::Csv, Format::Json] {
            let _ = read_sessions(input, format, &clock());
        }
        let _ = detect_format(None, Path::new("x"), input);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Arbitrary bytes, and arbitrary bytes after a good header: an
    /// answer, never a panic; every CSV error names a line in the file.
    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in proptest::collection::vec(
            prop_oneof![
                4 => proptest::sample::select(b",;\t\"\r\n'=-0123456789:.abc ".to_vec()),
                1 => any::<u8>(),
            ],
            0..200,
        ),
        header in proptest::sample::select(vec!["", "date,minutes,note\n", "\u{feff}date;minutes;pain\r\n"]),
    ) {
        let input = [header.as_bytes(), &bytes].concat();
        let lines = 1 + input.iter().filter(|b| matches!(b, b'\r' | b'\n')).count();
        if let Err(Rejection::Records(errors)) = read_sessions(&input, Format::Csv, &clock()) {
            for line in lines_named(&errors) {
                prop_assert!((1..=lines).contains(&line), "{} of {}", line, lines);
            }
        }
        let _ = read_sessions(&input, Format::Json, &clock());
    }
}
