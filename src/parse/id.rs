//! Session ids: which walk `show`, `edit` and `rm` mean (`12`, `#12`,
//! `last`).

use std::fmt;

use super::suggest::nearest_word;
use super::{forms, is_digits, refusal, whole};

/// Which session `show`, `edit` and `rm` mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SessionId {
    Number(u64),
    /// `last`: the command decides which session that is.
    Last,
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SessionId::Number(n) => write!(f, "#{n}"),
            SessionId::Last => f.write_str("last"),
        }
    }
}

/// `12`, `#12` or `last` (any case).
pub fn id(input: &str) -> Result<SessionId, String> {
    let text = input.trim();
    if text.eq_ignore_ascii_case("last") {
        return Ok(SessionId::Last);
    }
    let number = text.strip_prefix('#').unwrap_or(text);
    let reason = match whole(number) {
        Some(n) if n >= 1 => return Ok(SessionId::Number(n)),
        Some(_) => Some("there is no session 0; ids start at 1"),
        None if is_digits(number) => Some("no id is that large"),
        None if text == "#" => Some("a number must follow the #"),
        None => None,
    };
    let lower = text.to_ascii_lowercase();
    let suggestion = lower
        .bytes()
        .all(|b| b.is_ascii_alphabetic())
        .then(|| nearest_word(&lower, &[("last", ())]))
        .flatten();
    Err(refusal(
        input,
        "is not a session id",
        reason,
        suggestion,
        forms::ID,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::tests::assert_refusal;

    #[test]
    fn ids() {
        assert_eq!(id("12"), Ok(SessionId::Number(12)));
        assert_eq!(id("#12"), Ok(SessionId::Number(12)));
        assert_eq!(id(" 7 "), Ok(SessionId::Number(7)));
        assert_eq!(id("last"), Ok(SessionId::Last));
        assert_eq!(id("LAST"), Ok(SessionId::Last));
        assert_eq!(id(" Last "), Ok(SessionId::Last));
        assert_eq!(SessionId::Number(12).to_string(), "#12");
        assert_eq!(SessionId::Last.to_string(), "last");
        for (input, says) in [
            ("0", "there is no session 0"),
            ("#0", "ids start at 1"),
            ("-1", "whole numbers from 1"),
            ("abc", "whole numbers from 1"),
            ("#", "a number must follow the #"),
            ("1.5", "whole numbers from 1"),
            ("", "whole numbers from 1"),
            ("99999999999999999999999", "no id is that large"),
            ("##1", "or last"),
            ("lsat", "did you mean 'last'?"),
        ] {
            let message = id(input).unwrap_err();
            assert!(message.contains(says), "{input:?}: {message}");
            assert_refusal(&message, input);
        }
        assert!(id("lsat").unwrap_err().contains("; did you mean 'last'? ids are"));
        assert!(
            id("latest")
                .unwrap_err()
                .contains("; did you mean 'last'? ids are")
        );
        assert!(id("Lats").unwrap_err().contains("; did you mean 'last'? ids are"));
        assert!(
            !id("first").unwrap_err().contains("did you mean"),
            "{}",
            id("first").unwrap_err()
        );
    }
}
