//! The layers point one way. The edges (`cli`, `cmd`, `render`, `store`)
//! use the core; the core (every other module of the library: the values,
//! the day, the plan, the summaries, the rhythm, parsing, merging,
//! importing, the clock, the errors) uses none of them, and its modules
//! use each other without a cycle, so each can be read, tested and moved
//! with only what lies below it. `render` uses no `cli` or `cmd`.
//!
//! The check reads the library's source from `src/lib.rs` down its `mod`
//! declarations, the way the compiler finds it, and takes every
//! `crate::x` path (in `use` or in code) and every `super::x` that reaches
//! the crate's root as "this module uses `x`". Test code is left out: an
//! item under `#[cfg(test)]` is not part of the layers (a unit test may
//! build its values from anywhere). Comments and string literals are left
//! out, so a doc comment may name any module. `src/main.rs` is not read:
//! it is the binary, above every layer. The edges are left out of the
//! cycle check: the promise is about the core; the edges may only use
//! each other along the arrows `cli, cmd → render` checked here.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// The modules at the edges: everything else is the core.
const EDGES: [&str; 4] = ["cli", "cmd", "render", "store"];
/// What `render` must not use.
const ABOVE_RENDER: [&str; 2] = ["cli", "cmd"];
/// What the command-line definition must not use: the commands that
/// run it (shell completion's store lookups are attached in `cmd`), and
/// the file system.
const ABOVE_CLI: [&str; 2] = ["cmd", "store"];

/// Layer violations left for a later change, each with who owns the
/// file: (file, module it uses, owner), e.g. `("src/render/mod.rs",
/// "cli", "text")`. Each entry must still occur, so the list only
/// shrinks; it is empty since the core and `render` stopped importing
/// their users.
const ALLOWED: &[(&str, &str, &str)] = &[];

/// A file of the library, with the module path it is compiled as.
struct SourceFile {
    path: PathBuf,
    /// `["plan", "fold"]` for `src/plan/fold.rs`; empty for `src/lib.rs`.
    module: Vec<String>,
    /// Its text without comments, literals and test items.
    code: String,
}

#[test]
fn the_core_uses_no_edge_and_render_no_command_line() {
    let mut found = Vec::new();
    for file in library() {
        let Some(top) = file.module.first() else {
            continue;
        };
        let forbidden: &[&str] = if top == "render" {
            &ABOVE_RENDER
        } else if top == "cli" {
            &ABOVE_CLI
        } else if EDGES.contains(&top.as_str()) {
            &[]
        } else {
            &EDGES
        };
        for used in uses(&file) {
            if forbidden.contains(&used.as_str()) {
                found.push((relative(&file.path), used));
            }
        }
    }
    found.sort();
    found.dedup();
    let allowed: BTreeSet<(String, String)> = ALLOWED
        .iter()
        .map(|(file, used, _)| ((*file).to_string(), (*used).to_string()))
        .collect();
    let mut report = String::new();
    for (file, used) in &found {
        if !allowed.contains(&(file.clone(), used.clone())) {
            writeln!(report, "{file} uses crate::{used}, which sits above it").unwrap();
        }
    }
    for &(file, used, owner) in ALLOWED {
        if !found.contains(&(file.to_string(), used.to_string())) {
            writeln!(
                report,
                "{file} no longer uses crate::{used}: remove its entry ({owner}) from ALLOWED"
            )
            .unwrap();
        }
    }
    assert!(report.is_empty(), "layers pointing the wrong way:\n{report}");
}

#[test]
fn the_core_has_no_import_cycle() {
    // Module → modules it uses → the files that use them.
    let mut graph = Graph::new();
    for file in library() {
        let Some(top) = file.module.first() else {
            continue;
        };
        if EDGES.contains(&top.as_str()) {
            continue;
        }
        let uses_of = graph.entry(top.clone()).or_default();
        for used in uses(&file) {
            if used != *top && !EDGES.contains(&used.as_str()) {
                uses_of.entry(used).or_default().insert(relative(&file.path));
            }
        }
    }
    let mut report = String::new();
    for cycle in cycles(&graph) {
        writeln!(report, "{} → {}", cycle.join(" → "), cycle[0]).unwrap();
        for (at, module) in cycle.iter().enumerate() {
            let next = &cycle[(at + 1) % cycle.len()];
            let files: Vec<&str> = graph[module][next].iter().map(String::as_str).collect();
            writeln!(report, "    {module} uses {next} in {}", files.join(", ")).unwrap();
        }
    }
    assert!(report.is_empty(), "import cycles in the core:\n{report}");
}

#[test]
fn the_reader_sees_through_comments_literals_and_tests() {
    let text = r##"
        //! crate::cli in a doc comment
        use crate::{days::Day, model::{Goals, Range}};
        /* crate::render /* nested */ crate::store */
        const A: &str = "crate::cmd \" crate::cmd";
        const B: &str = r#"crate::cmd"#;
        const C: char = '"'; fn f<'a>(x: &'a str) -> char { '\'' }
        #[cfg(test)]
        mod tests;
        fn g() { crate::plan::verdict(); super::rhythm::x(); }
        pub mod inner { use super::Week; fn f() { super::super::weeks::x() } }
        #[cfg(test)]
        mod tests { use crate::store::Store; }
        #[cfg(test)]
        fn h() -> [u8; 2] { crate::cli::x(); [0; 2] }
        pub(crate) mod weeks;
    "##;
    let code = without_tests(&blank_comments_and_literals(text));
    let file = SourceFile {
        path: PathBuf::from("src/summary/mod.rs"),
        module: vec!["summary".into()],
        code,
    };
    let found: Vec<String> = uses(&file).into_iter().collect();
    assert_eq!(found, ["days", "model", "plan", "rhythm", "weeks"]);
    assert_eq!(declared_modules(&file.code), ["weeks"]);
}

/// Every file of the library, from `src/lib.rs` down its non-test `mod`
/// declarations.
fn library() -> Vec<SourceFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut pending = vec![(root.join("lib.rs"), Vec::new())];
    while let Some((path, module)) = pending.pop() {
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let code = without_tests(&blank_comments_and_literals(&text));
        assert_plain_modules(&path, &code);
        let is_folder = matches!(
            path.file_name().and_then(|n| n.to_str()),
            Some("lib.rs" | "mod.rs")
        );
        let folder = if is_folder {
            path.parent().unwrap().to_path_buf()
        } else {
            path.with_extension("")
        };
        for child in declared_modules(&code) {
            let file = folder.join(format!("{child}.rs"));
            let file = if file.exists() {
                file
            } else {
                folder.join(&child).join("mod.rs")
            };
            let mut path_of_child = module.clone();
            path_of_child.push(child);
            pending.push((file, path_of_child));
        }
        files.push(SourceFile { path, module, code });
    }
    assert!(files.len() > 20, "the reader found only {} files", files.len());
    files
}

fn relative(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The text with comments and the insides of string and character
/// literals turned to spaces (lines kept), so that what is left is code.
fn blank_comments_and_literals(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = chars.clone();
    let blank = |out: &mut Vec<char>, from: usize, to: usize| {
        for c in &mut out[from..to.min(chars.len())] {
            if *c != '\n' {
                *c = ' ';
            }
        }
    };
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        match (at(i), at(i + 1)) {
            ('/', '/') => {
                while i < chars.len() && at(i) != '\n' {
                    i += 1;
                }
                blank(&mut out, start, i);
            }
            ('/', '*') => {
                let mut depth = 0;
                loop {
                    match (at(i), at(i + 1)) {
                        ('/', '*') => (depth, i) = (depth + 1, i + 2),
                        ('*', '/') => (depth, i) = (depth - 1, i + 2),
                        ('\0', _) => break,
                        _ => i += 1,
                    }
                    if depth == 0 {
                        break;
                    }
                }
                blank(&mut out, start, i);
            }
            ('"', _) => {
                i += 1;
                while i < chars.len() && at(i) != '"' {
                    i += if at(i) == '\\' { 2 } else { 1 };
                }
                i += 1;
                blank(&mut out, start + 1, i - 1);
            }
            ('r', '"' | '#') if start == 0 || !is_ident(at(start - 1)) || at(start - 1) == 'b' => {
                let hashes = chars[i + 1..].iter().take_while(|c| **c == '#').count();
                if at(i + 1 + hashes) != '"' {
                    i += 1;
                    continue;
                }
                i += 2 + hashes;
                let close: Vec<char> = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                while i < chars.len() && !chars[i..].starts_with(&close) {
                    i += 1;
                }
                i += close.len();
                blank(&mut out, start + 2 + hashes, i - close.len());
            }
            ('\'', '\\') => {
                i += 3;
                while i < chars.len() && at(i) != '\'' {
                    i += 1;
                }
                i += 1;
                blank(&mut out, start + 1, i - 1);
            }
            ('\'', _) if at(i + 2) == '\'' => {
                i += 3;
                blank(&mut out, start + 1, i - 1);
            }
            _ => i += 1,
        }
    }
    out.into_iter().collect()
}

/// The code without the items under `#[cfg(test)]`: each ends at its
/// `;` or its closing brace.
fn without_tests(code: &str) -> String {
    const MARK: &str = "#[cfg(test)]";
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(found) = rest.find(MARK) {
        out.push_str(&rest[..found]);
        let item = &rest[found..];
        let mut depth = 0usize;
        let mut end = item.len();
        for (i, c) in item.char_indices().skip(MARK.len()) {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' => depth = depth.saturating_sub(1),
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        out.extend(item[..end].chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// The code's words and marks: identifiers, and every other character
/// that is not a space on its own.
fn tokens(code: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = code.trim_start();
    while let Some(first) = rest.chars().next() {
        let length = if is_ident(first) {
            rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len())
        } else {
            first.len_utf8()
        };
        found.push(&rest[..length]);
        rest = rest[length..].trim_start();
    }
    found
}

/// The modules a file declares with `mod name;`.
fn declared_modules(code: &str) -> Vec<String> {
    tokens(code)
        .windows(3)
        .filter(|words| words[0] == "mod" && words[2] == ";")
        .map(|words| words[1].to_string())
        .collect()
}

/// The reader follows `mod name;` to `name.rs` or `name/mod.rs`: a
/// `#[path]` would mislead it, so it stops the check instead.
fn assert_plain_modules(path: &Path, code: &str) {
    assert!(
        !code.contains("#[path"),
        "{}: a #[path] attribute: teach tests/layers.rs to follow it",
        path.display()
    );
}

/// The top-level modules a file uses: `crate::x`, `crate::{x::…, y}`, and
/// `super::x` where the `super`s reach the crate's root (a file `src/x.rs`
/// or `src/x/mod.rs` is module `x`: one `super` reaches the root;
/// `src/x/y.rs` needs two, and each inline `mod m { … }` around the path
/// one more).
fn uses(file: &SourceFile) -> BTreeSet<String> {
    let words = tokens(&file.code);
    let path_start = |at: usize| words.get(at + 1) == Some(&":") && words.get(at + 2) == Some(&":");
    let mut found = BTreeSet::new();
    // The brace depth outside each inline module the reader is in.
    let mut inline_modules: Vec<usize> = Vec::new();
    let mut depth = 0;
    let mut at = 0;
    while at < words.len() {
        let mut next = at + 1;
        let follows_path = at > 0 && matches!(words[at - 1], ":" | "$");
        let root_relative = match words[at] {
            "{" => {
                if at >= 2 && words[at - 2] == "mod" {
                    inline_modules.push(depth);
                }
                depth += 1;
                false
            }
            "}" => {
                depth = depth.saturating_sub(1);
                if inline_modules.last() == Some(&depth) {
                    inline_modules.pop();
                }
                false
            }
            "crate" if path_start(at) && !follows_path => {
                next = at + 3;
                true
            }
            "super" if path_start(at) && !follows_path => {
                let mut count = 0;
                while words.get(next - 1) == Some(&"super") && path_start(next - 1) {
                    count += 1;
                    next += 3;
                }
                next -= 1;
                count >= file.module.len() + inline_modules.len()
            }
            _ => false,
        };
        if root_relative {
            if words.get(next) == Some(&"{") {
                found.extend(group_heads(&words[next + 1..]));
            } else if let Some(name) = words.get(next) {
                found.insert((*name).to_string());
            }
        }
        at = next;
    }
    found.retain(|name| name.chars().all(is_ident) && name != "self" && name != "super");
    found
}

/// The first name of each entry of a `{a::…, b, c::{…}}` group (given
/// from after its `{`).
fn group_heads(words: &[&str]) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0usize;
    let mut expecting = true;
    for word in words {
        match *word {
            "{" => depth += 1,
            "}" if depth == 0 => break,
            "}" => depth -= 1,
            "," if depth == 0 => expecting = true,
            name if expecting => {
                heads.push(name.to_string());
                expecting = false;
            }
            _ => {}
        }
    }
    heads
}

type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

/// The cycles of the graph: for each use that lies on one, the shortest
/// cycle through it, each cycle once (starting from its least module).
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    let mut found = BTreeSet::new();
    for (module, used) in graph {
        for next in used.keys() {
            if let Some(mut cycle) = shortest_path(graph, next, module) {
                cycle.pop();
                cycle.insert(0, module.clone());
                let least = (0..cycle.len()).min_by_key(|at| &cycle[*at]).unwrap_or(0);
                cycle.rotate_left(least);
                found.insert(cycle);
            }
        }
    }
    found.into_iter().collect()
}

/// The shortest path from `from` to `to` (both included), if any.
fn shortest_path(graph: &Graph, from: &str, to: &str) -> Option<Vec<String>> {
    let mut before: BTreeMap<String, String> = BTreeMap::new();
    let mut frontier = vec![from.to_string()];
    while !frontier.is_empty() {
        let mut next_frontier = Vec::new();
        for module in frontier {
            if module == to {
                let mut path = vec![module.clone()];
                while let Some(previous) = before.get(path.last().unwrap()) {
                    path.push(previous.clone());
                }
                path.reverse();
                return Some(path);
            }
            for next in graph.get(&module).into_iter().flat_map(BTreeMap::keys) {
                if next != from && !before.contains_key(next) {
                    before.insert(next.clone(), module.clone());
                    next_frontier.push(next.clone());
                }
            }
        }
        frontier = next_frontier;
    }
    None
}
