//! The running timer: a walk `start` began and `stop` will log.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::fields::{check_stored_note, check_year};
use super::{Extra, Surface, rfc3339};

/// A walk being timed by `start`, finished by `stop`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timer {
    #[serde(with = "rfc3339")]
    pub start: DateTime<FixedOffset>,
    pub surface: Surface,
    pub note: Option<String>,
    /// Fields this version does not know, kept as they are.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Timer {
    pub(super) fn check(&self) -> Result<(), String> {
        check_year(&self.start, "timer start")?;
        if let Some(note) = &self.note {
            check_stored_note(note).map_err(|e| format!("timer: {e}"))?;
        }
        Ok(())
    }
}
