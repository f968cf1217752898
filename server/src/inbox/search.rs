//! Full-text search over message text with SQLite FTS5.
//!
//! The index is fed `index_text(text)`: CJK characters are spaced apart so that each is a
//! token, and a Chinese or Japanese word is then found as a phrase of characters. Queries are
//! rebuilt from scratch by `match_expression`: every term becomes a quoted phrase, so any
//! string a person types is a valid query (no FTS syntax errors from `"`, `*`, `-`, `:`, …).

/// CJK ideographs, kana, hangul and their punctuation-free blocks.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF |
        0xAC00..=0xD7AF | 0x20000..=0x2FA1F)
}

/// Every character [`is_cjk`] accepts, for tests that ask them all.
#[cfg(test)]
pub(crate) fn every_cjk_character() -> impl Iterator<Item = char> {
    (0..=0x10FFFF)
        .filter_map(char::from_u32)
        .filter(|&c| is_cjk(c))
}

/// The text stored in the full-text index for a message.
pub fn index_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    for c in text.chars() {
        if is_cjk(c) {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// The FTS5 MATCH expression for what a person typed, or `None` if nothing searchable is left.
/// Terms are ANDed; the last Latin term also matches as a prefix ("refu" finds "refund").
pub fn match_expression(input: &str) -> Option<String> {
    let mut phrases: Vec<String> = Vec::new();
    let input: String = input.chars().take(500).collect();
    for raw in input.split_whitespace() {
        let mut latin = String::new();
        let flush = |latin: &mut String, phrases: &mut Vec<String>| {
            if !latin.is_empty() {
                phrases.push(format!("\"{latin}\""));
                latin.clear();
            }
        };
        let mut cjk_run: Vec<char> = Vec::new();
        for c in raw.chars() {
            if is_cjk(c) {
                flush(&mut latin, &mut phrases);
                cjk_run.push(c);
            } else {
                if !cjk_run.is_empty() {
                    phrases.push(cjk_phrase(&cjk_run));
                    cjk_run.clear();
                }
                if c.is_alphanumeric() {
                    latin.push(c);
                } else {
                    flush(&mut latin, &mut phrases);
                }
            }
        }
        flush(&mut latin, &mut phrases);
        if !cjk_run.is_empty() {
            phrases.push(cjk_phrase(&cjk_run));
        }
    }
    phrases.truncate(16);
    if let Some(last) = phrases.last_mut()
        && !last.contains(' ')
    {
        last.push('*');
    }
    if phrases.is_empty() {
        None
    } else {
        Some(phrases.join(" "))
    }
}

fn cjk_phrase(chars: &[char]) -> String {
    let spaced: Vec<String> = chars.iter().map(|c| c.to_string()).collect();
    format!("\"{}\"", spaced.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_special_character_becomes_a_safe_phrase() {
        assert_eq!(match_expression("refund"), Some("\"refund\"*".into()));
        assert_eq!(match_expression("  "), None);
        assert_eq!(match_expression("\"*:-^()"), None);
        assert_eq!(
            match_expression("NOT AND OR"),
            Some("\"NOT\" \"AND\" \"OR\"*".into())
        );
        assert_eq!(
            match_expression("it's late"),
            Some("\"it\" \"s\" \"late\"*".into())
        );
        assert_eq!(
            match_expression("退款 please"),
            Some("\"退 款\" \"please\"*".into())
        );
    }

    #[test]
    fn cjk_is_indexed_character_by_character() {
        assert_eq!(index_text("我要退款!"), " 我  要  退  款 !");
        assert_eq!(index_text("refund"), "refund");
    }
}
