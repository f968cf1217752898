//! A post's words as language detection reads them: its whitespace-separated tokens without
//! @handles and links, and the runs of letters in them.

use crate::analysis::is_whitespace_byte;

/// The runs of letters in a post's words (@handles and links left out).
/// (Empty runs between two non-letters are left out too: both callers want three letters or
/// more.)
pub(super) fn letter_runs(text: &str) -> impl Iterator<Item = &str> {
    // Plain ASCII (most posts) is read on bytes; the general split decoded every character
    // and asked it `is_alphabetic`, ~300 instructions a tweet.
    if text.is_ascii() {
        return Either::Ascii(ascii_letter_runs(text));
    }
    let runs = plain_tokens(text).flat_map(|token| token.split(|c: char| !c.is_alphabetic()));
    Either::General(runs.filter(|run| !run.is_empty()))
}

/// One of two iterators of the same items.
enum Either<A, G> {
    Ascii(A),
    General(G),
}

impl<'t, A, G> Iterator for Either<A, G>
where
    A: Iterator<Item = &'t str>,
    G: Iterator<Item = &'t str>,
{
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        match self {
            Either::Ascii(runs) => runs.next(),
            Either::General(runs) => runs.next(),
        }
    }
}

/// [`letter_runs`] of plain-ASCII text, split on bytes as [`plain_tokens`] and the general
/// split do: `split_whitespace` splits on the bytes [`is_whitespace_byte`] accepts, and ASCII
/// letters are the alphabetic characters.
fn ascii_letter_runs(text: &str) -> impl Iterator<Item = &str> {
    (text.as_bytes().split(|&b| is_whitespace_byte(b)))
        .filter(|token| !is_handle_or_link(token))
        .flat_map(|token| token.split(|b| !b.is_ascii_alphabetic()))
        .filter(|run| !run.is_empty())
        // Letters only: UTF-8, so this never fails.
        .map(|run| std::str::from_utf8(run).unwrap_or_default())
}

/// The whitespace-separated tokens of a post without @handles and links: they are not
/// written in any language and only confuse function-word counts and trigrams.
pub(super) fn plain_tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
        .filter(|w| !is_handle_or_link(w.as_bytes()))
}

/// An @handle or a link (a whitespace-separated token's bytes).
pub(super) fn is_handle_or_link(token: &[u8]) -> bool {
    token.starts_with(b"@") || token.starts_with(b"http://") || token.starts_with(b"https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_letter_runs_are_the_general_ones() {
        let general = |text: &str| -> Vec<String> {
            plain_tokens(text)
                .flat_map(|token| token.split(|c: char| !c.is_alphabetic()))
                .filter(|run| !run.is_empty())
                .map(str::to_string)
                .collect()
        };
        let mut texts = crate::analysis::sentiment::tests::rated_and_labelled_texts();
        texts.extend(
            [
                "",
                "   ",
                "@brand hi",
                "x@brand https://t.co/abc http:/no a-b--c 12ab34cd",
                "tab\tsep\u{b}vt\u{c}ff\r\nend\u{1c}sep",
                "http://x.y z https://",
                "@",
                "don't won't, it's... fine!!1",
            ]
            .map(String::from),
        );
        for text in texts.iter().filter(|t| t.is_ascii()) {
            let runs: Vec<String> = ascii_letter_runs(text).map(str::to_string).collect();
            assert_eq!(runs, general(text), "{text:?}");
            let runs: Vec<String> = letter_runs(text).map(str::to_string).collect();
            assert_eq!(runs, general(text), "{text:?}");
        }
    }
}
