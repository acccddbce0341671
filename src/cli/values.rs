//! clap's readers of values more than one command takes: surfaces (typed
//! case-insensitively, completed from `Surface::ALL`) and walk ids
//! (completed from the store).

use clap::builder::{PossibleValue, TypedValueParser};

use crate::model::Surface;

/// Surfaces: case-insensitive, the nearest offered for a typo, and the
/// names offered to shell completion.
#[derive(Clone, Copy, Debug)]
pub struct SurfaceParser;

impl TypedValueParser for SurfaceParser {
    type Value = Surface;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Surface, clap::Error> {
        let text = clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)?;
        text.parse::<Surface>().map_err(|e| {
            clap::Error::raw(clap::error::ErrorKind::ValueValidation, format!("{e}\n")).with_cmd(cmd)
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            Surface::ALL.into_iter().map(|s| PossibleValue::new(s.name())),
        ))
    }
}
