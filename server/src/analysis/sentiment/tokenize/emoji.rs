//! Emoji to words, as VADER reads them: each emoji is replaced by its description
//! ("😡" → "pouting face") before the text is split into tokens.

use std::borrow::Cow;

use super::super::lexicon::Lexicons;

/// Emoji modifiers that follow an emoji: variation selectors, ZWJ, skin tones, tag characters.
pub(in crate::analysis::sentiment) fn is_emoji_modifier(c: char) -> bool {
    matches!(c, '\u{FE0E}' | '\u{FE0F}' | '\u{200D}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}')
}

/// Replaces emoji by their descriptions, as VADER does; returns the text and, for each
/// description, its byte span in the new text and the emoji it replaced.
pub(in crate::analysis::sentiment) fn expand_emoji<'t, 'a>(
    text: &'t str,
    lex: &'a Lexicons,
    improved: bool,
) -> (Cow<'t, str>, Vec<(usize, usize, String)>) {
    // Every emoji key has a non-ASCII character: plain ASCII text has none to expand.
    if text.is_ascii() {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut spans = Vec::new();
    let mut prev_space = true;
    let mut after_emoji = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let mut found: Option<(&'a str, usize)> = None;
        if improved && c as u32 >= 0x2000 {
            // Longest multi-code-point match first (bounded by the longest key: linear).
            let ends: Vec<usize> = rest
                .char_indices()
                .skip(1)
                .map(|(i, _)| i)
                .chain(std::iter::once(rest.len()))
                .take(lex.emoji_seq_max)
                .collect();
            for &end in ends.iter().skip(1).rev() {
                if let Some(desc) = lex.emoji_seqs.get(&rest[..end]) {
                    found = Some((desc, end));
                    break;
                }
            }
        }
        if found.is_none() {
            found = lex.emoji_chars.get(&c).map(|desc| (*desc, c.len_utf8()));
        }
        match found {
            Some((desc, len)) => {
                if !prev_space {
                    out.push(' ');
                }
                let start = out.len();
                out.push_str(desc);
                spans.push((start, out.len(), rest[..len].to_string()));
                prev_space = false;
                after_emoji = true;
                rest = &rest[len..];
            }
            None => {
                if !(improved && after_emoji && is_emoji_modifier(c)) {
                    out.push(c);
                    prev_space = c == ' ';
                    after_emoji = false;
                }
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    (Cow::Owned(out), spans)
}
