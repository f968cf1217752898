//! [`ShortText`]: a string kept inline when short, for the words the analysis names in its
//! reasons. Nearly all are under 23 bytes, and a `String` each cost an allocation and a free
//! for every scored word of every message (~2% of the whole stage).

use std::fmt;
use std::ops::Deref;

use serde::{Serialize, Serializer};

/// Bytes kept inline: with the length byte and the variant's tag, the size of a `String`.
const INLINE: usize = 22;

/// An immutable string; up to [`INLINE`] bytes need no allocation.
#[derive(Clone)]
pub struct ShortText(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Static(&'static str),
    Heap(Box<str>),
}

impl ShortText {
    /// A text fixed in the program (no copy, whatever its length).
    pub const fn from_static(text: &'static str) -> ShortText {
        ShortText(Repr::Static(text))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            // SAFETY: only whole `&str`s are stored (`From<&str>`, and the builder's pieces
            // are `&str`s pushed whole), so the bytes up to `len` are UTF-8. Checking them
            // again cost ~30 instructions a read, and topics and reasons are read often.
            Repr::Inline { len, bytes } => unsafe {
                std::str::from_utf8_unchecked(&bytes[..usize::from(*len)])
            },
            Repr::Static(text) => text,
            Repr::Heap(text) => text,
        }
    }
}

/// A [`ShortText`] written piece by piece: on the stack until it outgrows [`INLINE`] bytes.
#[derive(Default)]
pub struct ShortTextBuilder {
    len: u8,
    bytes: [u8; INLINE],
    /// The text, once it is longer than [`INLINE`] bytes.
    spilled: Option<String>,
}

impl ShortTextBuilder {
    /// Appends the concatenation of `parts`.
    pub fn push(&mut self, parts: &[&str]) {
        let added: usize = parts.iter().map(|part| part.len()).sum();
        let len = usize::from(self.len);
        if self.spilled.is_none() && len + added <= INLINE {
            let mut at = len;
            for part in parts {
                self.bytes[at..at + part.len()].copy_from_slice(part.as_bytes());
                at += part.len();
            }
            self.len = at as u8;
            return;
        }
        let spilled = self.spilled.get_or_insert_with(|| {
            let mut text = String::with_capacity(len + added);
            text.push_str(std::str::from_utf8(&self.bytes[..len]).unwrap_or_default());
            text
        });
        spilled.reserve(added);
        for part in parts {
            spilled.push_str(part);
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.spilled {
            Some(text) => text,
            // Only whole `&str`s are copied in, so the bytes are UTF-8 and this never fails.
            None => std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0 && self.spilled.is_none()
    }

    pub fn build(self) -> ShortText {
        match self.spilled {
            Some(text) => ShortText(Repr::Heap(text.into_boxed_str())),
            None => ShortText(Repr::Inline {
                len: self.len,
                bytes: self.bytes,
            }),
        }
    }
}

impl From<&str> for ShortText {
    fn from(text: &str) -> ShortText {
        if text.len() <= INLINE {
            let mut bytes = [0; INLINE];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            ShortText(Repr::Inline {
                len: text.len() as u8,
                bytes,
            })
        } else {
            ShortText(Repr::Heap(text.into()))
        }
    }
}

impl From<String> for ShortText {
    fn from(text: String) -> ShortText {
        if text.len() <= INLINE {
            ShortText::from(text.as_str())
        } else {
            ShortText(Repr::Heap(text.into_boxed_str()))
        }
    }
}

impl Deref for ShortText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for ShortText {
    fn eq(&self, other: &ShortText) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<str> for ShortText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ShortText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Debug for ShortText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for ShortText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ShortText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_string_as_it_was_given() {
        let long = "x".repeat(INLINE) + "é";
        for text in ["", "a", "naïve 😡", &"y".repeat(INLINE), &long, "\0nul"] {
            for kept in [ShortText::from(text), ShortText::from(text.to_string())] {
                assert_eq!(kept.as_str(), text);
                assert_eq!(kept, text);
                assert_eq!(format!("{kept:?}"), format!("{text:?}"));
                assert_eq!(
                    serde_json::to_string(&kept).unwrap(),
                    serde_json::to_string(text).unwrap()
                );
            }
        }
        let fixed = "emphasis from exclamation / question marks";
        assert_eq!(ShortText::from_static(fixed), fixed);
        assert!(matches!(ShortText::from("short").0, Repr::Inline { .. }));
        assert!(matches!(ShortText::from(long.as_str()).0, Repr::Heap(_)));
        assert_eq!(
            std::mem::size_of::<ShortText>(),
            std::mem::size_of::<String>()
        );
    }

    #[test]
    fn builds_what_was_pushed_inline_or_not() {
        let pieces = ["negated by '", "not", "'", "; ", "ALL CAPS", "é", "😡", ""];
        let mut builder = ShortTextBuilder::default();
        let mut expected = String::new();
        assert!(builder.is_empty());
        for (i, piece) in pieces.iter().cycle().take(40).enumerate() {
            builder.push(&[piece, "x"][..1 + i % 2]);
            expected.push_str(piece);
            if i % 2 == 1 {
                expected.push('x');
            }
            assert_eq!(builder.as_str(), expected);
            assert_eq!(builder.is_empty(), expected.is_empty());
            assert_eq!(builder.spilled.is_some(), expected.len() > INLINE);
        }
        assert_eq!(builder.build(), expected.as_str());
        let mut short = ShortTextBuilder::default();
        short.push(&["ALL", " ", "CAPS"]);
        assert!(matches!(short.build().0, Repr::Inline { len: 8, .. }));
    }
}
