//! Typed errors where the exit code or the next step depends on the kind
//! of failure.

use thiserror::Error;

/// A value the person gave is not accepted: exit 2, nothing written.
#[derive(Debug, Error)]
#[error("{0}")]
pub struct Invalid(pub String);

impl Invalid {
    pub fn new(message: impl Into<String>) -> Invalid {
        Invalid(message.into())
    }
}

/// Ctrl-C at a question: the helper has said that nothing was logged;
/// `main` ends the program with 130 and prints nothing more.
#[derive(Debug, Error)]
#[error("interrupted")]
pub struct Interrupted;

/// A walk that looks unusual, and why: asked about on a terminal, else
/// refused unless forced.
#[derive(Debug, Error)]
#[error("{0}")]
pub struct Unusual(pub String);

/// `due` found no walk due: it has printed what it had to say (nothing,
/// or its JSON); `main` exits with 3, which scripts test.
#[derive(Debug, Error)]
#[error("no walk is due")]
pub struct NotDue;

/// The exit status of a failure that is said already, or needs no words:
/// `None` for one `main` prints (and ends with `exit_code`).
pub fn silent_exit(error: &anyhow::Error) -> Option<u8> {
    if is_broken_pipe(error) {
        Some(0)
    } else if is_interrupted(error) {
        // Ctrl-C at a question: the command has said what it did not do.
        Some(130)
    } else if error.chain().any(<dyn std::error::Error>::is::<NotDue>) {
        Some(3)
    } else {
        None
    }
}

/// True when the person interrupted a question (`Interrupted`).
fn is_interrupted(error: &anyhow::Error) -> bool {
    error.chain().any(<dyn std::error::Error>::is::<Interrupted>)
}

/// `2` for invalid input anywhere in the chain, `1` for everything else.
pub fn exit_code(error: &anyhow::Error) -> u8 {
    if error.chain().any(<dyn std::error::Error>::is::<Invalid>) {
        2
    } else {
        1
    }
}

/// True when the failure is only that stdout's reader went away
/// (`backwalk list | head`): the program then ends quietly.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn invalid_input_exits_2_even_under_context() {
        let err = Err::<(), _>(Invalid::new("bad"))
            .context("while logging")
            .unwrap_err();
        assert_eq!(exit_code(&err), 2);
        assert_eq!(exit_code(&anyhow::anyhow!("unknown id")), 1);
    }

    #[test]
    fn an_interruption_is_recognised_through_context() {
        let err = Err::<(), _>(Interrupted).context("while asking").unwrap_err();
        assert!(is_interrupted(&err));
        assert!(!is_interrupted(&anyhow::anyhow!("other")));
    }

    #[test]
    fn broken_pipe_is_recognised_through_context() {
        let io = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let err = anyhow::Error::from(io).context("writing output");
        assert!(is_broken_pipe(&err));
        assert!(!is_broken_pipe(&anyhow::anyhow!("other")));
    }

    #[test]
    fn silent_exits_keep_their_status_under_context() {
        let pipe = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        assert_eq!(silent_exit(&anyhow::Error::from(pipe).context("x")), Some(0));
        assert_eq!(
            silent_exit(&anyhow::Error::from(Interrupted).context("x")),
            Some(130)
        );
        assert_eq!(silent_exit(&anyhow::Error::from(NotDue).context("x")), Some(3));
        assert_eq!(silent_exit(&Invalid::new("bad").into()), None);
    }
}
