//! "Did you mean": the name nearest to a mistyped one.

/// The candidate closest to `input` by edit distance, when it is close
/// enough to be what was meant; else the one `input` abbreviates (`grs`
/// for `grass`), when only one does.
pub fn nearest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let limit = (input.chars().count() / 3).clamp(1, 3);
    let closest = candidates
        .iter()
        .map(|c| (edit_distance(input, c), *c))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, c)| c);
    closest.or_else(|| {
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

/// Optimal string alignment distance: Levenshtein, with a swap of two
/// neighbouring letters counting as one edit (`nvo` is 1 from `nov`).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}
