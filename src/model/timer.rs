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

/// Why a second timer cannot start: one walk is timed at a time.
#[derive(Debug, thiserror::Error)]
#[error(
    "a timer is already running since {} ({surface}); `backwalk stop` logs it, `backwalk cancel` drops it",
    .since.format("%Y-%m-%d %H:%M")
)]
pub struct TimerRunning {
    /// When the running timer started, in local time.
    pub since: DateTime<FixedOffset>,
    pub surface: Surface,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tests::at;

    #[test]
    fn a_running_timer_is_said_with_its_local_start_and_how_to_end_it() {
        let running = TimerRunning {
            since: at("2026-11-21T07:05:59+01:00"),
            surface: Surface::Sand,
        };
        assert_eq!(
            running.to_string(),
            "a timer is already running since 2026-11-21 07:05 (sand); \
             `backwalk stop` logs it, `backwalk cancel` drops it"
        );
    }
}
