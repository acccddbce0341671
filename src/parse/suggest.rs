//! Did you mean: the known word a typo stands for, for every refusal that
//! offers one (units, date words, `last`, surfaces, `--format` keys).
//!
//! One search, the known words at the least edit distance, under two
//! rules of closeness: `nearest` for a list of names (surfaces, keys),
//! `nearest_word` for the words inside a longer text (`8 mintues`).

/// Optimal string alignment distance: Levenshtein, with a swap of two
/// neighbouring letters counting as one edit (`nvo` is 1 from `nov`).
/// Counted in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// The known words at the least distance from `word`, if that is at most
/// `most` edits: one word per meaning, the first listed.
fn closest<'a, M: PartialEq + Copy>(
    word: &str,
    known: impl IntoIterator<Item = (&'a str, M)>,
    most: usize,
) -> Vec<&'a str> {
    let mut least = most + 1;
    let mut best: Vec<(&'a str, M)> = Vec::new();
    for (name, meaning) in known {
        let d = edit_distance(word, name);
        if d > most || d > least {
            continue;
        }
        if d < least {
            least = d;
            best.clear();
        }
        if !best.iter().any(|(_, m)| *m == meaning) {
            best.push((name, meaning));
        }
    }
    best.into_iter().map(|(name, _)| name).collect()
}

/// The name `input` was meant as: the nearest within a third of its
/// length (one to three edits; the first in alphabetical order on a tie),
/// else the one name it abbreviates (`grs` for `grass`), when only one
/// does.
pub fn nearest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let most = (input.chars().count() / 3).clamp(1, 3);
    let named = candidates.iter().map(|name| (*name, *name));
    closest(input, named, most).into_iter().min().or_else(|| {
        let mut abbreviated = candidates.iter().filter(|c| abbreviates(input, c));
        match (abbreviated.next(), abbreviated.next()) {
            (Some(only), None) => Some(*only),
            _ => None,
        }
    })
}

/// Whether `short` (three letters or more) keeps the first letter of
/// `word` and the order of its letters.
fn abbreviates(short: &str, word: &str) -> bool {
    let mut letters = word.chars();
    short.chars().count() >= 3
        && short.chars().next() == word.chars().next()
        && short.chars().all(|c| letters.any(|w| w == c))
}

/// The known words nearest to `word` when they are really close: one
/// edit away for a word of two to four letters, two for a longer one. One
/// word per meaning (the first listed), so `mn` gives only `min` of `min`
/// and `m`, while `hs` gives both `h` and `s`.
pub(super) fn nearest_words<'a, M: PartialEq + Copy>(word: &str, known: &[(&'a str, M)]) -> Vec<&'a str> {
    let most = match word.chars().count() {
        2..=4 => 1,
        5..=24 => 2,
        _ => return Vec::new(),
    };
    closest(word, known.iter().copied(), most)
}

/// The one known word nearest to `word`, when no other meaning is as near.
pub(super) fn nearest_word<'a, M: PartialEq + Copy>(word: &str, known: &[(&'a str, M)]) -> Option<&'a str> {
    match nearest_words(word, known).as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// `word` written as `typed` was: capitalised when it was.
pub(super) fn like(typed: &str, word: &str) -> String {
    let mut chars = word.chars();
    match (typed.chars().next(), chars.next()) {
        (Some(t), Some(first)) if t.is_uppercase() => first.to_uppercase().chain(chars).collect(),
        _ => word.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNITS: [(&str, char); 5] = [("hours", 'h'), ("h", 'h'), ("min", 'm'), ("m", 'm'), ("s", 's')];

    #[test]
    fn distances() {
        assert_eq!(edit_distance("nvo", "nov"), 1);
        assert_eq!(edit_distance("tuseday", "tuesday"), 1);
        assert_eq!(edit_distance("mintues", "minutes"), 1);
        assert_eq!(edit_distance("latest", "last"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("ca", "abc"), 3);
        assert_eq!(edit_distance("é", "e"), 1);
        assert_eq!(nearest_word("mn", &UNITS), Some("min"));
        assert_eq!(nearest_word("hs", &UNITS), None);
        assert_eq!(nearest_word("x", &UNITS), None);
        assert_eq!(nearest_words("hs", &UNITS), ["h", "s"]);
    }

    #[test]
    fn names_by_distance_then_by_abbreviation() {
        let surfaces = crate::model::Surface::ALL.map(crate::model::Surface::name);
        assert_eq!(nearest("gras", surfaces), Some("grass"));
        assert_eq!(nearest("trial", surfaces), Some("trail"));
        assert_eq!(nearest("pvmt", surfaces), Some("pavement"));
        assert_eq!(nearest("grs", surfaces), Some("grass"));
        for far in ["zzzzzzzzzz", "tr", "tra"] {
            assert_eq!(nearest(far, surfaces), None, "{far}");
        }
        // A tie goes to the first name in alphabetical order.
        assert_eq!(nearest("ab", ["ac", "aa"]), Some("aa"));
    }

    #[test]
    fn a_word_keeps_its_capital() {
        assert_eq!(like("Yesteday", "yesterday"), "Yesterday");
        assert_eq!(like("yesteday", "yesterday"), "yesterday");
    }
}
