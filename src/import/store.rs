//! Another machine's whole history as an import file: how it is told from
//! an export, and its walks as records (the store's module decodes it).

use serde::Deserialize;

use super::{Records, without_bom};
use crate::model::{self, Document, Session};

/// A store file or a `--format store` export: a JSON object that says it
/// is backwalk's.
pub fn is_store_document(bytes: &[u8]) -> bool {
    #[derive(Deserialize)]
    struct Head {
        format: Option<String>,
    }
    let bytes = without_bom(bytes);
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
        && serde_json::from_slice::<Head>(bytes).is_ok_and(|h| h.format.as_deref() == Some(model::FORMAT))
}

impl Records {
    /// The walks of another machine's history as an import's records:
    /// each with its id, and named by its place (`record N`) as a bad
    /// record would be.
    pub fn of_history(history: &Document) -> Records {
        Records {
            walks: history.sessions.iter().map(Session::as_new).collect(),
            ids: history.sessions.iter().map(|s| Some(s.id)).collect(),
            places: (1..=history.sessions.len())
                .map(|n| format!("record {n}"))
                .collect(),
        }
    }
}
