//! The lexicons' words (and the ASCII function words language detection counts) in one table
//! keyed by their bytes packed into an integer: a plain-ASCII token is looked up with a
//! multiplication and integer comparisons, where the hash map (hashing the string, probing,
//! then `memcmp`, and `from_utf8` for a word lower-cased on the stack) cost ~60 instructions
//! more a token.

use super::lexicon::WordInfo;
use super::social::may_normalize_ascii;

/// What the table knows of a word.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    /// The word as the lexicons spell it.
    pub word: &'static str,
    /// What the VADER rules need to know of it; `None` for a function word the lexicons do
    /// not know.
    pub info: Option<WordInfo>,
    /// The function-word lists it is on (bits of `FunctionWords::tally_lists`; 0 for none).
    pub function_lists: u8,
    /// `social::may_normalize_ascii` of the word, set by [`WordTable::new`]: a function word
    /// the lexicons do not know is a common token that the tokenizer would otherwise ask it
    /// about every time.
    pub may_normalize: bool,
}

/// Words of up to [`Self::MAX_LEN`] bytes in an open-addressed table (linear probing).
///
/// The slots are small (a tag from the hash and an index): the probe of a word that is not
/// in the table stays in a 64 KB array that the cache keeps, and a word that is reads one
/// entry, its key with it. (With the 16-byte keys in the slots, 512 KB, the probe missed the
/// cache: a fifth of the tokenizer's time.)
pub(super) struct WordTable {
    /// By slot: 0 when empty, else the key's tag (1…255) << 24 | its index in `entries`.
    slots: Vec<u32>,
    /// log2 of the number of slots.
    bits: u32,
    entries: Vec<Keyed>,
}

/// An entry with its key, 64 bytes on a cache line of its own: the lookup of a known word
/// reads one line (as an 80-byte pair, every entry spanned two).
#[derive(Clone, Copy)]
#[repr(align(64))]
struct Keyed(u128, Entry);

const _: () = assert!(std::mem::size_of::<Keyed>() == 64);

impl WordTable {
    /// The longest word kept: its length and bytes fit in a `u128`. Longer lookups miss.
    pub const MAX_LEN: usize = 15;
    /// A table of `words` (each a word of the lexicons with its info, or of the function
    /// word lists; a word on several is merged). Non-ASCII and longer words are left out.
    pub fn new(words: impl Iterator<Item = Entry>) -> WordTable {
        let words: Vec<Entry> = words.collect();
        // Slots: a power of two at least twice the words (~7,800: 16,384 slots, 64 KB), so
        // the table stays at most half full and probes stay short.
        let bits = (2 * words.len())
            .max(16)
            .next_power_of_two()
            .trailing_zeros();
        let mut table = WordTable {
            slots: vec![0; 1 << bits],
            bits,
            entries: Vec::with_capacity(words.len()),
        };
        for mut entry in words {
            let word = entry.word.as_bytes();
            entry.may_normalize = may_normalize_ascii(word);
            let Some(key) = pack(window_of(word), word.len()).filter(|_| word.is_ascii()) else {
                continue;
            };
            match table.find(key) {
                Ok(at) => {
                    let known = &mut table.entries[at].1;
                    known.info = known.info.or(entry.info);
                    known.function_lists |= entry.function_lists;
                }
                Err(slot) => {
                    let at = table.entries.len();
                    assert!(at < 1 << 24, "an index fits below the tag");
                    table.slots[slot] = u32::from(tag(hash(key))) << 24 | at as u32;
                    table.entries.push(Keyed(key, entry));
                }
            }
        }
        table
    }

    /// The entry of `word` (bytes, compared exactly), if it is in the table.
    pub fn get(&self, word: &[u8]) -> Option<&Entry> {
        self.get_in(window_of(word), word.len())
    }

    /// [`Self::get`] of the word in the first `len` bytes of `window` (what follows them is
    /// ignored): a tokenizer hands over the 16 bytes at a word without copying it out.
    // Always inlined into the tokenizer's loop: a call per token cost ~20 instructions.
    #[inline(always)]
    pub fn get_in(&self, window: [u8; 16], len: usize) -> Option<&Entry> {
        let at = self.find(pack(window, len)?).ok()?;
        Some(&self.entries[at].1)
    }

    /// The index in `entries` of `key`, or the empty slot where it would go.
    #[inline(always)]
    fn find(&self, key: u128) -> Result<usize, usize> {
        let mask = self.slots.len() - 1;
        let hash = hash(key);
        let tag = u32::from(tag(hash));
        let mut slot = (hash >> (64 - self.bits)) as usize;
        loop {
            let held = self.slots[slot];
            if held == 0 {
                return Err(slot);
            }
            let at = (held & 0xFF_FFFF) as usize;
            if held >> 24 == tag && self.entries[at].0 == key {
                return Ok(at);
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// A key's hash: its top bits pick the slot, lower ones make the tag.
#[inline(always)]
fn hash(key: u128) -> u64 {
    ((key as u64) ^ ((key >> 64) as u64)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The tag a slot keeps of its key's hash (never 0, the empty slot's mark), from bits
/// below those that pick the slot.
#[inline(always)]
fn tag(hash: u64) -> u8 {
    (hash >> 24) as u8 | 1
}

/// The first 16 bytes of `word`, zero-padded.
pub(super) fn window_of(word: &[u8]) -> [u8; 16] {
    let mut window = [0u8; 16];
    let len = word.len().min(16);
    window[..len].copy_from_slice(&word[..len]);
    window
}

/// A word of 1 to [`WordTable::MAX_LEN`] bytes, the first `len` of `window`, as one integer:
/// its bytes, and its length in the top byte (never 0, the empty slot's mark).
#[inline]
fn pack(window: [u8; 16], len: usize) -> Option<u128> {
    if !(1..=WordTable::MAX_LEN).contains(&len) {
        return None;
    }
    // The masks from a table: a 128-bit shift by a variable amount is a dozen instructions
    // (two halves, a test and conditional moves), and this runs for every token.
    let bytes = u128::from_le_bytes(window) & FIRST_BYTES[len];
    Some(bytes | (len as u128) << 120)
}

/// By length `n`: the mask of the first `n` bytes of a little-endian `u128`.
const FIRST_BYTES: [u128; 16] = {
    let mut masks = [0; 16];
    let mut n = 1;
    while n < 16 {
        masks[n] = (1u128 << (8 * n)) - 1;
        n += 1;
    }
    masks
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The lexicons' tables know what their maps know, and the function-word lists.
    #[test]
    fn the_lexicons_tables_agree_with_their_maps() {
        use super::super::lexicon::{lexicons, social_lexicons};
        use crate::analysis::language::function_word_lists;
        // Only Earshot's tokenizer reads a table: the faithful port's is left empty.
        assert!(lexicons().table.get(b"good").is_none());
        let lex = social_lexicons();
        let mut held = 0;
        for (&word, &info) in &lex.info {
            let found = lex.table.get(word.as_bytes());
            if word.is_ascii() && word.len() <= WordTable::MAX_LEN {
                let entry = found.expect(word);
                assert_eq!((entry.word, entry.info), (word, Some(info)), "{word}");
                held += 1;
            } else {
                assert!(found.is_none(), "{word}");
            }
        }
        assert!(held > 7000, "{held} words");
        for (word, list) in function_word_lists().filter(|(w, _)| w.is_ascii()) {
            let entry = lex.table.get(word.as_bytes()).expect(word);
            assert_ne!(entry.function_lists & list, 0, "{word}");
            assert_eq!(entry.info, lex.info.get(word).copied(), "{word}");
            let may_normalize = may_normalize_ascii(word.as_bytes());
            assert_eq!(entry.may_normalize, may_normalize, "{word}");
        }
    }

    #[test]
    fn finds_exactly_the_words_it_holds() {
        let entry = |word: &'static str, lists: u8| Entry {
            word,
            info: (lists == 0).then(WordInfo::default),
            function_lists: lists,
            may_normalize: false,
        };
        let words = [
            entry("good", 0),
            entry("the", 1),
            entry("the", 0),
            entry("a", 2),
            entry("fifteen-letters", 0),
            entry("sixteen-letters!", 0),
            entry("café", 0),
        ];
        let table = WordTable::new(words.into_iter());
        assert!(table.get(b"good").is_some_and(|e| e.info.is_some()));
        // On the function-word list and in the lexicon: both are kept.
        let the = table.get(b"the").expect("the");
        assert_eq!((the.function_lists, the.info.is_some()), (1, true));
        assert!(table.get(b"a").is_some_and(|e| e.info.is_none()));
        assert!(table.get(b"fifteen-letters").is_some());
        // Too long, not ASCII, or another length with the same bytes: not found.
        assert!(table.get(b"sixteen-letters!").is_none());
        assert!(table.get("café".as_bytes()).is_none());
        for miss in [&b""[..], b"\0a", b"a\0", b"goo", b"goodd", b"Good", b"th"] {
            assert!(table.get(miss).is_none(), "{miss:?}");
        }
    }
}
