//! A short plain-ASCII post's bytes classified sixteen at a time into bit masks (one bit a
//! byte), from which its words and their shapes are read without a loop over their bytes.
//! Split byte by byte, every byte took a branch whose outcome changed at each word's end;
//! here a word's ends are bit scans and its shape five tests, and the same pass checks that
//! the post is plain and counts its '!' and '?' (which took a pass of their own).

use super::{APOSTROPHE, AsciiShape, LOWER, NON_WORD, PUNCTUATION, UPPER};

/// Posts up to this many bytes are classified on masks (a 280-character plain-ASCII tweet
/// fits); a longer one is left to the general path (see `tokenize_plain_ascii`).
pub(in crate::analysis::sentiment) const MAX_LEN: usize = 512;
const BLOCKS: usize = MAX_LEN / 64;

/// The masks of one block of 64 bytes, by what a byte is: `[space, upper case, lower case,
/// apostrophe, non-word, punctuation]` as in `BYTE_CLASS`, each a little-endian `u64` (the
/// bit of byte `i` is `1 << i`). Kept as bytes, so a chunk's sixteen bits are stored into
/// their place as they are, not shifted and added in.
type Block = [u8; 48];
const SPACE_MASK: usize = 0;

/// Mask `mask` of `block`.
#[inline(always)]
fn mask_of(block: &Block, mask: usize) -> u64 {
    u64::from_le_bytes(
        *block[8 * mask..]
            .first_chunk()
            .expect("six masks of eight bytes"),
    )
}

/// The class bits of masks 1 to 5, in order.
const CLASS_OF_MASK: [u8; 6] = [0, UPPER, LOWER, APOSTROPHE, NON_WORD, PUNCTUATION];

/// The masks of a text of at most [`MAX_LEN`] bytes, with the emphasis rule's counts, once
/// [`Self::classify`] has found it plain ASCII.
pub(in crate::analysis::sentiment) struct AsciiMasks<'t> {
    text: &'t str,
    len: usize,
    /// Set by [`Self::classify`]: every byte is ASCII (words are read only then).
    plain: bool,
    blocks: [Block; BLOCKS],
    pub(in crate::analysis::sentiment) bangs: usize,
    pub(in crate::analysis::sentiment) questions: usize,
}

/// What [`chunk_masks`] finds in sixteen bytes: the six masks of a [`Block`], then bytes
/// the plain path does not take, '!' and '?'.
type ChunkMasks = [u32; 9];
const UNLIKE: usize = 6;
const BANGS: usize = 7;
const QUESTIONS: usize = 8;

impl<'t> AsciiMasks<'t> {
    /// Masks of `text`, to be filled in by [`Self::classify`] (in place: the caller keeps
    /// them where they are made).
    #[inline]
    pub(in crate::analysis::sentiment) fn empty(text: &'t str) -> AsciiMasks<'t> {
        AsciiMasks {
            text,
            len: text.len(),
            plain: false,
            blocks: [[0; 48]; BLOCKS],
            bangs: 0,
            questions: 0,
        }
    }

    /// Fills in the masks of the text; false when it is longer than [`MAX_LEN`] or has a
    /// byte the plain path does not take: non-ASCII, '&' (an entity to decode) or an
    /// information separator `\x1c`…`\x1f` (Python's `split` splits on them, the
    /// function-word counter does not).
    #[inline]
    pub(in crate::analysis::sentiment) fn classify(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        if bytes.len() > MAX_LEN {
            return false;
        }
        let mut unlike = 0;
        let mut put = |at: usize, found: ChunkMasks| {
            let block = &mut self.blocks[at / 64];
            let offset = at % 64 / 8;
            for (mask, &bits) in found[..6].iter().enumerate() {
                let bytes = (bits as u16).to_le_bytes();
                block[8 * mask + offset..][..2].copy_from_slice(&bytes);
            }
            unlike |= found[UNLIKE];
            // Most chunks have neither mark (and counting bits is a dozen instructions without
            // the `popcnt` instruction, which the baseline x86-64 target lacks).
            if found[BANGS] | found[QUESTIONS] != 0 {
                self.bangs += found[BANGS].count_ones() as usize;
                self.questions += found[QUESTIONS].count_ones() as usize;
            }
        };
        let mut chunks = bytes.chunks_exact(16);
        for (index, chunk) in chunks.by_ref().enumerate() {
            put(16 * index, chunk_masks(chunk.try_into().expect("16 bytes")));
        }
        let rest = chunks.remainder().len();
        if rest > 0 {
            let at = bytes.len() - rest;
            let found = match bytes.last_chunk::<16>() {
                // The last sixteen bytes, of which the first `16 - rest` were classified
                // already: their bits are shifted out. (The bits past the end are marked as
                // space below.)
                Some(last) => {
                    let mut found = chunk_masks(last);
                    for mask in &mut found {
                        *mask >>= 16 - rest;
                    }
                    found
                }
                // A text shorter than sixteen bytes, padded with spaces.
                None => {
                    let mut padded = [b' '; 16];
                    padded[..rest].copy_from_slice(bytes);
                    chunk_masks(&padded)
                }
            };
            put(at, found);
        }
        if unlike != 0 {
            return false;
        }
        // Bytes past the end count as space: the search for the last word's end stops there.
        let end_bits = self.len % 64;
        if end_bits != 0 {
            let block = &mut self.blocks[self.len / 64];
            let space = mask_of(block, SPACE_MASK) | !0 << end_bits;
            block[8 * SPACE_MASK..][..8].copy_from_slice(&space.to_le_bytes());
        }
        self.plain = true;
        true
    }

    /// The text the masks are of.
    pub(in crate::analysis::sentiment) fn text(&self) -> &'t str {
        self.text
    }

    /// The words of the text, with their shapes.
    ///
    /// # Panics
    /// If [`Self::classify`] did not find the text plain ASCII.
    #[inline]
    pub(super) fn words(&self) -> MaskedWords<'t, '_> {
        assert!(
            self.plain,
            "words are read from the masks of plain ASCII only"
        );
        MaskedWords { masks: self, at: 0 }
    }

    /// The first byte at or after `at` that is a space (`space`) or is not, if any. (Past a
    /// text whose length is a multiple of 64, the block is all zeros: no space is found, so
    /// a word ends at the end of the text, and no word is found either: the search stops at
    /// the text's length.)
    #[inline]
    fn first_from(&self, at: usize, space: bool) -> Option<usize> {
        if at >= self.len {
            return None;
        }
        let flip = if space { 0 } else { !0 };
        let mut block = at / 64;
        let mut bits = (mask_of(&self.blocks[block], SPACE_MASK) ^ flip) & (!0 << (at % 64));
        loop {
            if bits != 0 {
                let found = block * 64 + bits.trailing_zeros() as usize;
                return (found < self.len).then_some(found);
            }
            block += 1;
            if block * 64 >= self.len {
                return None;
            }
            bits = mask_of(&self.blocks[block], SPACE_MASK) ^ flip;
        }
    }

    /// The union of the class bits of the bytes `start..end` (not empty).
    #[inline]
    fn classes(&self, start: usize, end: usize) -> u8 {
        let (first, last) = (start / 64, (end - 1) / 64);
        if first == last {
            return Self::classes_in(&self.blocks[first], start % 64, (end - 1) % 64);
        }
        // A word across blocks (rare: it crosses a 64-byte boundary).
        let mut seen = Self::classes_in(&self.blocks[first], start % 64, 63);
        for block in &self.blocks[first + 1..last] {
            seen |= Self::classes_in(block, 0, 63);
        }
        seen | Self::classes_in(&self.blocks[last], 0, (end - 1) % 64)
    }

    /// The union of the class bits of bytes `low..=high` of `block`.
    #[inline(always)]
    fn classes_in(block: &Block, low: usize, high: usize) -> u8 {
        let range = (!0u64 << low) & (!0u64 >> (63 - high));
        let has = |mask: usize| mask_of(block, mask) & range != 0;
        (u8::from(has(1)) * CLASS_OF_MASK[1])
            | (u8::from(has(2)) * CLASS_OF_MASK[2])
            | (u8::from(has(3)) * CLASS_OF_MASK[3])
            | (u8::from(has(4)) * CLASS_OF_MASK[4])
            | (u8::from(has(5)) * CLASS_OF_MASK[5])
    }
}

/// The words of a text (Python's `str.split()`) with their shapes, read from its masks
/// ([`AsciiMasks::words`]).
pub(super) struct MaskedWords<'t, 'm> {
    masks: &'m AsciiMasks<'t>,
    at: usize,
}

impl MaskedWords<'_, '_> {
    /// The next word's start, end and classes when it starts and ends in the block where
    /// the search starts (most words): bits past the text's end are space, so a word found
    /// here ends within the text.
    #[inline(always)]
    fn within_block(&self) -> Option<(usize, usize, u8)> {
        let block = self.masks.blocks.get(self.at / 64)?;
        let space = mask_of(block, SPACE_MASK);
        let words = !space & (!0 << (self.at % 64));
        if words == 0 {
            return None;
        }
        let first = words.trailing_zeros() as usize;
        let spaces_after = space & (!0 << first);
        if spaces_after == 0 {
            return None;
        }
        let last = spaces_after.trailing_zeros() as usize - 1;
        let base = self.at / 64 * 64;
        Some((
            base + first,
            base + last + 1,
            AsciiMasks::classes_in(block, first, last),
        ))
    }
}

impl<'t> Iterator for MaskedWords<'t, '_> {
    type Item = (&'t str, Option<AsciiShape>);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let (start, end, classes) = match self.within_block() {
            Some(found) => found,
            None => {
                let start = self.masks.first_from(self.at, false)?;
                let end = self.masks.first_from(start, true).unwrap_or(self.masks.len);
                (start, end, self.masks.classes(start, end))
            }
        };
        self.at = end;
        let shape = AsciiShape::from_classes(classes);
        let word = &self.masks.text.as_bytes()[start..end];
        // SAFETY: `AsciiMasks::words` made this iterator only for masks that `classify` found
        // plain ASCII, so every slice of their text is UTF-8. (`str` slicing checked both
        // ends for a character boundary, for every word.)
        let word = unsafe { std::str::from_utf8_unchecked(word) };
        Some((word, Some(shape)))
    }
}

/// The masks of sixteen bytes: SSE2 compares (every x86-64 processor has them; a target
/// that turns them off gets the bytewise version).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
fn chunk_masks(chunk: &[u8; 16]) -> ChunkMasks {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8,
        _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    // SAFETY: the target has SSE2 (the `cfg` above), and the load reads the 16 bytes of
    // `chunk`, with no alignment requirement.
    unsafe {
        let x = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
        let splat = |b: u8| _mm_set1_epi8(b as i8);
        let eq = |b: u8| _mm_cmpeq_epi8(x, splat(b));
        // Signed compares: bytes from 0x80 (negative) are in no range; they are "unlike".
        let within = |low: u8, high: u8| {
            _mm_and_si128(
                _mm_cmpgt_epi8(x, splat(low - 1)),
                _mm_cmplt_epi8(x, splat(high + 1)),
            )
        };
        let or = _mm_or_si128;
        let space = or(eq(b' '), within(b'\t', b'\r'));
        let upper = within(b'A', b'Z');
        let lower = within(b'a', b'z');
        let apostrophe = eq(b'\'');
        let word = or(
            or(or(space, upper), or(lower, apostrophe)),
            within(b'0', b'9'),
        );
        // Neither a space nor a word byte: every bit not in `word`.
        let non_word = _mm_andnot_si128(word, _mm_cmpeq_epi8(x, x));
        let punctuation = or(apostrophe, _mm_and_si128(non_word, within(b'!', b'~')));
        let unlike = or(
            or(_mm_cmplt_epi8(x, splat(0)), eq(b'&')),
            within(0x1c, 0x1f),
        );
        let mask = |v: __m128i| _mm_movemask_epi8(v) as u32;
        [
            mask(space),
            mask(upper),
            mask(lower),
            mask(apostrophe),
            mask(non_word),
            mask(punctuation),
            mask(unlike),
            mask(eq(b'!')),
            mask(eq(b'?')),
        ]
    }
}

/// The masks of sixteen bytes, a byte at a time (the reference for the SSE2 version).
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), cfg(test))]
fn chunk_masks_bytewise(chunk: &[u8; 16]) -> ChunkMasks {
    use super::{BYTE_CLASS, SPACE};
    let mut found = [0; 9];
    for (i, &b) in chunk.iter().enumerate() {
        let class = BYTE_CLASS[usize::from(b)];
        let flags = [
            class == SPACE,
            class & UPPER != 0,
            class & LOWER != 0,
            class & APOSTROPHE != 0,
            class & NON_WORD != 0,
            class & PUNCTUATION != 0,
            b >= 0x80 || b == b'&' || (0x1c..=0x1f).contains(&b),
            b == b'!',
            b == b'?',
        ];
        for (mask, flag) in found.iter_mut().zip(flags) {
            *mask |= u32::from(flag) << i;
        }
    }
    found
}

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
use chunk_masks_bytewise as chunk_masks;

#[cfg(test)]
mod tests {
    use super::super::PyWords;
    use super::*;

    /// Every byte value at every position gives what the byte-at-a-time reference gives
    /// (where the plain path takes the chunk at all).
    #[test]
    fn classifies_every_byte_as_the_table_does() {
        for b in 0..=255u8 {
            for at in 0..16 {
                let mut chunk = *b"Ab c'd!e?f-1\tg~h";
                chunk[at] = b;
                let (fast, reference) = (chunk_masks(&chunk), chunk_masks_bytewise(&chunk));
                assert_eq!(fast[UNLIKE], reference[UNLIKE], "{b:#x} at {at}");
                if reference[UNLIKE] == 0 {
                    assert_eq!(fast, reference, "{b:#x} at {at}");
                }
            }
        }
    }

    /// The words and shapes are those of the byte-by-byte splitter, on every rated tweet,
    /// the labelled set and texts around the block boundaries.
    #[test]
    fn splits_as_the_bytewise_splitter_does() {
        let mut texts = crate::analysis::sentiment::tests::rated_and_labelled_texts();
        for len in [0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 511, 512] {
            for pattern in ["a", "Bc ", "  d'E!", "x\ty\n", "word-WORD?? "] {
                texts.push(pattern.repeat(len).chars().take(len).collect());
            }
        }
        let mut checked = 0;
        for text in &texts {
            let mut masks = AsciiMasks::empty(text);
            if !masks.classify() {
                let plain = text
                    .bytes()
                    .all(|b| b < 0x80 && b != b'&' && !(0x1c..=0x1f).contains(&b));
                assert!(!plain || text.len() > MAX_LEN, "{text:?}");
                continue;
            }
            checked += 1;
            let masked: Vec<_> = masks.words().collect();
            let bytewise: Vec<_> = PyWords::new(text, true).collect();
            assert_eq!(masked, bytewise, "{text:?}");
            assert_eq!(masks.bangs, text.matches('!').count(), "{text:?}");
            assert_eq!(masks.questions, text.matches('?').count(), "{text:?}");
        }
        assert!(checked > 4000, "{checked} texts");
        let long = "a".repeat(MAX_LEN + 1);
        assert!(!AsciiMasks::empty(&long).classify());
    }
}
