//! Folding text for search, so that "foret" finds "forêt" and "ALUMINIUM" finds "Aluminium".

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower-cases `text` and strips its accents: "Forêt – Œuvre" becomes "foret – oeuvre".
///
/// Ligatures that Unicode does not decompose (œ, æ) are spelled out, as French readers would
/// type them.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .flat_map(|c| match c {
            'œ' => "oe".chars().collect::<Vec<_>>(),
            'æ' => "ae".chars().collect(),
            other => vec![other],
        })
        .collect()
}

/// A `LIKE` pattern that matches `needle` anywhere, with `\` as the escape character, so that
/// `%` and `_` typed by a user match themselves.
pub fn contains_pattern(needle: &str) -> String {
    let mut pattern = String::with_capacity(needle.len() + 2);
    pattern.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_ligatures() {
        assert_eq!(fold("Forêt"), "foret");
        assert_eq!(fold("ÎLES-DE-LA-MADELEINE"), "iles-de-la-madeleine");
        assert_eq!(fold("main-d'œuvre"), "main-d'oeuvre");
        assert_eq!(fold("Saguenay–Lac-Saint-Jean"), "saguenay–lac-saint-jean");
    }

    #[test]
    fn escapes_like_wildcards() {
        assert_eq!(contains_pattern("80 %"), "%80 \\%%");
        assert_eq!(contains_pattern("a_b"), "%a\\_b%");
    }
}
