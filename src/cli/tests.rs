use super::help::HELP_WIDTH;
use super::values::SurfaceParser;
use super::*;
use crate::model::Surface;
use clap::builder::TypedValueParser;

#[test]
fn the_command_line_is_consistent() {
    command().debug_assert();
}

/// Every command, built as the parser builds it.
fn every_command() -> Vec<clap::Command> {
    let mut top = command();
    top.build();
    let mut all = vec![top];
    let mut at = 0;
    while at < all.len() {
        let subs: Vec<clap::Command> = all[at].get_subcommands().cloned().collect();
        all.extend(subs);
        at += 1;
    }
    all
}

#[test]
fn help_is_wrapped_between_words_and_epilogues_not_at_all() {
    for mut command in every_command() {
        let narrow = command
            .clone()
            .term_width(HELP_WIDTH)
            .render_long_help()
            .to_string();
        let wide = command
            .clone()
            .max_term_width(10_000)
            .term_width(10_000)
            .render_long_help()
            .to_string();
        let words = |text: &str| text.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(words(&narrow), words(&wide), "{}", command.get_name());
        let lines: Vec<&str> = narrow.lines().collect();
        if let Some(after) = command.get_after_help() {
            for line in after.to_string().lines() {
                assert!(
                    lines.contains(&line),
                    "{line:?} rewrapped in {}",
                    command.get_name()
                );
            }
        }
        for line in command.render_long_help().to_string().lines() {
            assert!(crate::render::width(line) <= HELP_WIDTH, "{line}");
        }
    }
}

#[test]
fn surfaces_complete_and_parse_case_insensitively() {
    let cli = Cli::try_parse_from(["backwalk", "log", "8", "min", "--surface", "GRASS"]).unwrap();
    let Some(Command::Log(args)) = cli.command else {
        panic!()
    };
    assert_eq!((args.duration.as_str(), args.unit.as_deref()), ("8", Some("min")));
    assert_eq!(args.details.surface, Some(Surface::Grass));
    let error = Cli::try_parse_from(["backwalk", "log", "8", "--surface", "gras"]).unwrap_err();
    assert!(error.to_string().contains("did you mean 'grass'"), "{error}");
    let values: Vec<String> = SurfaceParser
        .possible_values()
        .unwrap()
        .map(|v| v.get_name().to_string())
        .collect();
    assert_eq!(values.len(), Surface::ALL.len());
}

/// The surfaces are listed from `Surface::ALL` wherever `--help` names
/// them: a new one cannot be left out.
#[test]
fn every_surface_is_named_in_the_help() {
    let mut cli = command();
    cli.build();
    let mut texts = vec![("backwalk --help".to_string(), cli.render_long_help().to_string())];
    for command in ["log", "edit", "start", "timer", "list"] {
        let sub = cli.find_subcommand_mut(command).unwrap();
        texts.push((format!("{command} --help"), sub.render_long_help().to_string()));
    }
    for (place, text) in texts {
        for surface in Surface::ALL {
            assert!(
                text.contains(surface.name()),
                "{place} does not name {surface}: {text}"
            );
        }
    }
}
