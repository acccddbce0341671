//! `status --format TEMPLATE`: a line for status bars (tmux, polybar,
//! waybar) filled from named keys: `{minutes} of {target} {mark}`. `{{`
//! and `}}` write braces. A template is checked whole before anything is
//! read, so a typo is an error naming the keys accepted, never a blank.

/// The keys a template may name, in the order the help lists them.
pub const KEYS: [&str; 8] = [
    "minutes",
    "target",
    "steps",
    "steps_target",
    "streak",
    "timer",
    "mark",
    "week_days",
];

/// A checked template: text and keys in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template(Vec<Part>);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Text(String),
    Key(&'static str),
}

/// The keys as the help and errors write them: `{minutes}, {target}, …`.
pub fn keys_text() -> String {
    KEYS.iter()
        .map(|key| format!("{{{key}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Template {
    pub fn parse(template: &str) -> Result<Template, String> {
        let accepted = || format!("the keys are {}, and {{{{ and }}}} write braces", keys_text());
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    let closed = loop {
                        match chars.next() {
                            Some('}') => break true,
                            Some(c) => name.push(c),
                            None => break false,
                        }
                    };
                    if !closed {
                        return Err(format!(
                            "--format has a {{ that is not closed ('{{{name}'); {}",
                            accepted()
                        ));
                    }
                    let Some(key) = KEYS.iter().find(|key| **key == name) else {
                        let near = crate::parse::nearest(&name, KEYS)
                            .map(|key| format!(" (did you mean {{{key}}}?)"))
                            .unwrap_or_default();
                        return Err(format!(
                            "--format names an unknown key {{{name}}}{near}; {}",
                            accepted()
                        ));
                    };
                    parts.push(Part::Text(std::mem::take(&mut text)));
                    parts.push(Part::Key(key));
                }
                '}' => {
                    return Err(format!("--format has a }} that opens nothing; {}", accepted()));
                }
                c => text.push(c),
            }
        }
        parts.push(Part::Text(text));
        parts.retain(|part| *part != Part::Text(String::new()));
        Ok(Template(parts))
    }

    /// The line, each key's value from `value`.
    pub fn fill(&self, value: impl Fn(&str) -> String) -> String {
        self.0
            .iter()
            .map(|part| match part {
                Part::Text(text) => text.clone(),
                Part::Key(key) => value(key),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(template: &str) -> Result<String, String> {
        Template::parse(template).map(|t| t.fill(|key| format!("<{key}>")))
    }

    #[test]
    fn keys_are_filled_and_doubled_braces_are_braces() {
        assert_eq!(
            filled("{minutes}/{target} {mark} {{x}} {week_days}").unwrap(),
            "<minutes>/<target> <mark> {x} <week_days>"
        );
        assert_eq!(filled("").unwrap(), "");
        assert_eq!(filled("no keys é").unwrap(), "no keys é");
    }

    #[test]
    fn unknown_keys_and_stray_braces_name_the_keys_accepted() {
        let error = filled("{minute}").unwrap_err();
        assert!(
            error.contains("{minute}") && error.contains("did you mean {minutes}"),
            "{error}"
        );
        assert!(error.contains("{week_days}"), "{error}");
        for bad in ["{minutes", "x}", "{}", "{ minutes}"] {
            let error = filled(bad).unwrap_err();
            assert!(error.contains("the keys are {minutes}"), "{bad}: {error}");
        }
    }
}
