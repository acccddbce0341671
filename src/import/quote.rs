//! Error messages that quote the file safely: long values cut, control and
//! bidirectional characters escaped, so a hostile file cannot flood or
//! act on the terminal through an error.

use std::borrow::Cow;

use crate::model::is_bidi_override;

/// An error message made safe to print: control and bidirectional
/// characters that came from the file are escaped, so one message stays
/// one line and cannot act on the terminal.
pub(super) fn printable(message: String) -> String {
    if !message.chars().any(|c| c.is_control() || is_bidi_override(c)) {
        return message;
    }
    let mut out = String::with_capacity(message.len() + 8);
    for c in message.chars() {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else if is_bidi_override(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// How long a quoted value may be in an error before it is cut.
pub(super) const QUOTED_CHARS: usize = 40;

/// `text` cut to its first `chars` characters and `…`. Not
/// `render::cut`: that one fits a screen's columns in the chosen style,
/// this one bounds the length of an error, the same for every terminal,
/// and the import stays below `render`.
pub(super) fn cut(text: &str, chars: usize) -> Cow<'_, str> {
    match text.char_indices().nth(chars) {
        Some((at, _)) => Cow::Owned(format!("{}…", &text[..at])),
        None => Cow::Borrowed(text),
    }
}

/// `message` with a long `value` it quotes cut to its first 40
/// characters and `…`: a 1 MB cell is not printed back.
fn quoting(message: String, value: &str) -> String {
    match cut(value, QUOTED_CHARS) {
        Cow::Owned(short) if message.contains(value) => message.replacen(value, &short, 1),
        _ => message,
    }
}

/// A field's fault as a record's error names it.
pub(super) fn fault(name: &str, value: &str, message: &str) -> String {
    printable(quoting(format!("{name}: {message}"), value))
}
