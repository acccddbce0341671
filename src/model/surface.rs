//! Where a walk took place: the one list of surface names, from which the
//! parser, the error messages and the help text all read.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::nearest;

/// Where a walk took place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Surface {
    Treadmill,
    Track,
    Grass,
    Sand,
    Trail,
    Pavement,
    Indoor,
    Other,
}

impl Surface {
    pub const ALL: [Surface; 8] = [
        Surface::Treadmill,
        Surface::Track,
        Surface::Grass,
        Surface::Sand,
        Surface::Trail,
        Surface::Pavement,
        Surface::Indoor,
        Surface::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Surface::Treadmill => "treadmill",
            Surface::Track => "track",
            Surface::Grass => "grass",
            Surface::Sand => "sand",
            Surface::Trail => "trail",
            Surface::Pavement => "pavement",
            Surface::Indoor => "indoor",
            Surface::Other => "other",
        }
    }

    pub fn names() -> String {
        Surface::ALL.map(Surface::name).join(", ")
    }
}

impl fmt::Display for Surface {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Surface {
    type Err = String;

    /// Case-insensitive; a wrong name gets the list and the nearest name.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let wanted = input.trim().to_ascii_lowercase();
        if let Some(surface) = Surface::ALL.into_iter().find(|s| s.name() == wanted) {
            return Ok(surface);
        }
        let nearest = nearest(&wanted, Surface::ALL.map(Surface::name))
            .map(|name| format!(" (did you mean '{name}'?)"))
            .unwrap_or_default();
        Err(format!(
            "unknown surface '{input}'{nearest}; accepted: {}",
            Surface::names()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surface_names_are_case_insensitive_and_wrong_ones_suggest_the_nearest() {
        assert_eq!("GRASS".parse::<Surface>(), Ok(Surface::Grass));
        assert_eq!(" Treadmill ".parse::<Surface>(), Ok(Surface::Treadmill));
        let err = "gras".parse::<Surface>().unwrap_err();
        assert!(err.contains("did you mean 'grass'"), "{err}");
        assert!(err.contains("treadmill, track, grass, sand, trail, pavement, indoor, other"));
        let err = "zzzzzzzzzz".parse::<Surface>().unwrap_err();
        assert!(!err.contains("did you mean"), "{err}");
        // An abbreviation names the one surface it can stand for.
        let err = "pvmt".parse::<Surface>().unwrap_err();
        assert!(err.contains("did you mean 'pavement'"), "{err}");
        let err = "grs".parse::<Surface>().unwrap_err();
        assert!(err.contains("did you mean 'grass'"), "{err}");
        // `tr` is too short, and `tra` could be track or trail.
        for ambiguous in ["tr", "tra"] {
            let err = ambiguous.parse::<Surface>().unwrap_err();
            assert!(!err.contains("did you mean"), "{ambiguous}: {err}");
        }
    }
}
