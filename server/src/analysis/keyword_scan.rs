//! One pass over a plain-ASCII message for six keyword lists: the topic keywords, the scam
//! phrases, the words that introduce a password, code, account or booking number, the words
//! of a request for help, the starts of links, and the marks of hashtags and mentions.
//!
//! Each keyword list has its own automaton for other text (and links, '#' and '@' are counted
//! by passes of their own), and each pass over a tweet costs ~1,300 instructions; most
//! messages are plain ASCII. On ASCII text the lists' own searches are case-insensitive in
//! ASCII (topics compare the text lower-cased, which for ASCII is the same), so one
//! case-insensitive automaton with every pattern finds what they find. It reports all
//! matches (overlapping), from which each list's own search is reproduced exactly:
//! - topics search overlapping already: their matches are kept as reported;
//! - scam phrases are searched leftmost-first: the match that starts first, and of those the
//!   phrase listed first;
//! - introducing words are searched one match after another (standard semantics): the first
//!   match reported, then the first that starts at or after its end, and so on;
//! - help words are only asked whether one is there (in the lower-cased text, which for
//!   ASCII is the same);
//! - links are counted where "http://" or "https://" is written in lower case (neither can
//!   overlap itself or the other);
//! - '#' and '@' are counted.
//!
//! Matches are reported by where they end, and at one end longest first, whichever other
//! patterns an automaton holds, so the orders agree with the lists' own automata.
//!
//! The automaton is walked here, byte by byte, as the library's overlapping search walks it
//! (and reporting a state's matches in the same order): its iterator spent ~13 instructions
//! a byte and returned to the caller for every match. For keyword sets of ordinary size the
//! walk is over an [`AsciiTable`] of the automaton's transitions, laid out so the states a
//! text mostly visits share a few cache lines (the library's DFA took 800 KB, and its walk,
//! a chain of dependent loads, waited on the cache for ~12% of the stage).

use std::collections::{HashMap, HashSet};

use aho_corasick::automaton::Automaton;
use aho_corasick::automaton::StateID;
use aho_corasick::nfa::{contiguous, noncontiguous};
use aho_corasick::{Anchored, MatchKind};

/// Whose pattern an automaton pattern is, with its index in that list.
#[derive(Debug, Clone, Copy)]
enum Owner {
    Topic(usize),
    Scam(usize),
    Introducer(usize),
    Help,
    Link(usize),
    Hash,
    At,
}

/// How a link starts, as the spam rules count links.
pub(crate) const LINK_PREFIXES: &[&str] = &["http://", "https://"];

pub(crate) struct KeywordScan {
    automaton: Walked,
    owners: Vec<Owner>,
}

/// A table of every transition, or for large keyword sets (whose table would take too much
/// memory) an NFA.
enum Walked {
    Table(AsciiTable),
    Nfa(contiguous::NFA),
}

/// What the six lists' own searches would have found in one message (byte spans), or
/// counted.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct KeywordHits {
    /// (topic keyword index, start, end), in the order an overlapping search reports them.
    pub topics: Vec<(usize, usize, usize)>,
    /// The leftmost-first scam phrase.
    pub scam: Option<(usize, usize)>,
    /// (introducer index, start, end), non-overlapping, in text order.
    pub introducers: Vec<(usize, usize, usize)>,
    /// Whether a help word is there.
    pub help: bool,
    /// How many links: lower-case [`LINK_PREFIXES`].
    pub links: usize,
    /// How many '#'.
    pub hashes: usize,
    /// How many '@'.
    pub ats: usize,
}

impl KeywordScan {
    /// `topic_keywords` are the topic rules' automaton patterns, by index; only the ASCII ones
    /// can match ASCII text. `dfa`: whether the topic keywords are small enough for a full
    /// transition table (the name the topic rules give the same choice for their own
    /// automaton, a DFA).
    pub(crate) fn new<'a>(
        topic_keywords: &'a [String],
        scam_phrases: &[&'a str],
        introducers: &[&'a str],
        help_words: &[&'a str],
        dfa: bool,
    ) -> Result<KeywordScan, aho_corasick::BuildError> {
        let mut patterns: Vec<&str> = Vec::new();
        let mut owners = Vec::new();
        // Only ASCII patterns can match ASCII text; each keeps its index in its own list.
        let mut add = |list: &mut dyn Iterator<Item = &'a str>, owner: fn(usize) -> Owner| {
            for (i, pattern) in list.enumerate().filter(|(_, p)| p.is_ascii()) {
                patterns.push(pattern);
                owners.push(owner(i));
            }
        };
        add(&mut topic_keywords.iter().map(String::as_str), Owner::Topic);
        add(&mut scam_phrases.iter().copied(), Owner::Scam);
        add(&mut introducers.iter().copied(), Owner::Introducer);
        add(&mut help_words.iter().copied(), |_| Owner::Help);
        add(&mut LINK_PREFIXES.iter().copied(), Owner::Link);
        add(&mut ["#"].into_iter(), |_| Owner::Hash);
        add(&mut ["@"].into_iter(), |_| Owner::At);
        // No prefilter: with one, the walk would have to consult it in the start state. The
        // table and the contiguous NFA are both made from this one.
        let nfa = noncontiguous::NFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&patterns)?;
        let automaton = if dfa {
            Walked::Table(AsciiTable::new(&nfa, &patterns))
        } else {
            Walked::Nfa(contiguous::NFA::builder().build_from_noncontiguous(&nfa)?)
        };
        Ok(KeywordScan { automaton, owners })
    }

    /// The six lists' matches in `text`, or `None` when it is not plain ASCII (the lists'
    /// own searches handle that).
    pub(crate) fn scan(&self, text: &str, known_ascii: bool) -> Option<KeywordHits> {
        if !known_ascii && !text.is_ascii() {
            return None;
        }
        let mut hits = KeywordHits::default();
        let mut introducers_resume_at = 0;
        let mut scam_index = usize::MAX;
        let mut found = |pattern: usize, start: usize, end: usize| match self.owners[pattern] {
            Owner::Topic(i) => hits.topics.push((i, start, end)),
            Owner::Scam(i) => {
                let earlier = hits.scam.is_none_or(|(s, _)| (start, i) < (s, scam_index));
                if earlier {
                    hits.scam = Some((start, end));
                    scam_index = i;
                }
            }
            Owner::Introducer(i) => {
                if start >= introducers_resume_at {
                    hits.introducers.push((i, start, end));
                    introducers_resume_at = end;
                }
            }
            Owner::Help => hits.help = true,
            Owner::Hash => hits.hashes += 1,
            Owner::At => hits.ats += 1,
            Owner::Link(i) => {
                // Found regardless of case; counted as written in lower case.
                hits.links +=
                    usize::from(&text.as_bytes()[start..end] == LINK_PREFIXES[i].as_bytes());
            }
        };
        match &self.automaton {
            Walked::Table(table) => table.walk(text.as_bytes(), &mut found),
            Walked::Nfa(nfa) => walk(nfa, text.as_bytes(), &mut found),
        }
        Some(hits)
    }
}

/// Every match of `automaton`'s patterns in `haystack`, overlapping, as the library's
/// overlapping search reports them: by end, and at one end in the state's match order. (For
/// large keyword sets; others are walked over an [`AsciiTable`].)
fn walk<A: Automaton>(automaton: &A, haystack: &[u8], found: &mut impl FnMut(usize, usize, usize)) {
    // Built unanchored, without a prefilter and without empty patterns: the start state is
    // neither a match nor special.
    let Ok(mut state) = automaton.start_state(Anchored::No) else {
        return;
    };
    debug_assert!(
        !automaton.is_special(state),
        "no prefilter, no empty pattern"
    );
    let mut at = 0;
    while let Some(end) = walk_to_special(automaton, haystack, at, &mut state) {
        if automaton.is_match(state) {
            for index in 0..automaton.match_len(state) {
                let pattern = automaton.match_pattern(state, index);
                found(
                    pattern.as_usize(),
                    end - automaton.pattern_len(pattern),
                    end,
                );
            }
        }
        at = end;
    }
}

/// Walks `haystack` from `at` to the next special (match) state, and returns the offset just
/// past the byte that reached it; `None` at the end. A loop of its own keeps its few values
/// in registers: inside the match handling's, they were spilled to the stack (~20
/// instructions a byte).
#[inline(never)]
fn walk_to_special<A: Automaton>(
    automaton: &A,
    haystack: &[u8],
    at: usize,
    state: &mut StateID,
) -> Option<usize> {
    let mut current = *state;
    for (offset, &byte) in haystack.iter().enumerate().skip(at) {
        current = automaton.next_state(Anchored::No, current, byte);
        if automaton.is_special(current) {
            *state = current;
            return Some(offset + 1);
        }
    }
    *state = current;
    None
}

/// An automaton's transitions over ASCII bytes, as one table of state offsets:
/// `next[state + class]` is the state after a byte of that class, a state being the offset
/// of its row (its index × the number of classes, so a step is an add and a load). Rows are
/// in breadth-first order from the start state, the states without a match first: a text
/// stays mostly within a few letters of the start, and those rows are adjacent.
struct AsciiTable {
    /// The class of each byte: one for each byte in a pattern (both cases of a letter
    /// together, as the automaton is case-insensitive), 0 for every other byte, which no
    /// pattern tells apart. (Bytes past ASCII are never walked.)
    class: [u8; 256],
    /// The number of classes: the length of a row.
    stride: usize,
    next: Vec<u32>,
    start: u32,
    /// The offset of the first state with a match: every later state has one.
    first_match: u32,
    /// For each state with a match, from `first_match` on: its range in `matches`.
    match_ranges: Vec<(u32, u32)>,
    /// (pattern, pattern length), in the automaton's order for each state.
    matches: Vec<(u32, u32)>,
}

impl AsciiTable {
    fn new(nfa: &noncontiguous::NFA, patterns: &[&str]) -> AsciiTable {
        let mut class = [0u8; 256];
        let mut classes = 1;
        for &byte in patterns.iter().flat_map(|p| p.as_bytes()) {
            let folded = byte.to_ascii_lowercase();
            if class[usize::from(folded)] == 0 {
                class[usize::from(folded)] = classes;
                classes += 1;
            }
            class[usize::from(byte)] = class[usize::from(folded)];
            class[usize::from(folded.to_ascii_uppercase())] = class[usize::from(folded)];
        }
        let stride = usize::from(classes);
        // One byte standing for each class (for class 0, any ASCII byte in no pattern).
        let mut representative = vec![None; stride];
        for byte in 0..128u8 {
            let c = usize::from(class[usize::from(byte)]);
            representative[c].get_or_insert(byte);
        }
        // Breadth-first from the start; the states with a match moved after the others.
        let Ok(start) = nfa.start_state(Anchored::No) else {
            unreachable!("an unanchored NFA has an unanchored start state")
        };
        // No empty pattern: the walk never reports a match before the first byte.
        debug_assert!(!nfa.is_match(start), "no empty pattern");
        let mut order = vec![start];
        let mut seen: HashSet<StateID> = HashSet::from([start]);
        let mut at = 0;
        while at < order.len() {
            let state = order[at];
            for byte in representative.iter().flatten() {
                let next = nfa.next_state(Anchored::No, state, *byte);
                if seen.insert(next) {
                    order.push(next);
                }
            }
            at += 1;
        }
        order.sort_by_key(|&state| nfa.is_match(state));
        // Only keyword sets small enough for a table get one (`DFA_MAX_KEYWORD_BYTES`): their
        // offsets are far below `u32::MAX`.
        let offset: HashMap<StateID, u32> = (order.iter().enumerate())
            .map(|(i, &state)| {
                let offset = u32::try_from(i * stride).expect("a table of under 4 G entries");
                (state, offset)
            })
            .collect();
        let mut next = vec![0u32; order.len() * stride];
        let (mut match_ranges, mut matches) = (Vec::new(), Vec::new());
        for (i, &state) in order.iter().enumerate() {
            for (c, byte) in representative.iter().enumerate() {
                // A class with no byte below 128 is never looked up.
                if let Some(byte) = byte {
                    next[i * stride + c] = offset[&nfa.next_state(Anchored::No, state, *byte)];
                }
            }
            if nfa.is_match(state) {
                let first = matches.len() as u32;
                matches.extend((0..nfa.match_len(state)).map(|m| {
                    let pattern = nfa.match_pattern(state, m);
                    (pattern.as_u32(), nfa.pattern_len(pattern) as u32)
                }));
                match_ranges.push((first, matches.len() as u32));
            }
        }
        let first_match = order.iter().position(|&state| nfa.is_match(state));
        // What makes the walk's unchecked step sound: every entry is a row's offset, and a
        // class is within a row.
        assert!(
            (next.iter()).all(|&row| row as usize + stride <= next.len())
                && class.iter().all(|&c| usize::from(c) < stride),
            "a table's steps stay within it"
        );
        AsciiTable {
            class,
            stride,
            next,
            start: offset[&start],
            first_match: (first_match.unwrap_or(order.len()) * stride) as u32,
            match_ranges,
            matches,
        }
    }

    /// Every match in `haystack` (plain ASCII), as [`walk`] reports them.
    fn walk(&self, haystack: &[u8], found: &mut impl FnMut(usize, usize, usize)) {
        let mut state = self.start;
        let mut at = 0;
        while let Some(end) = self.walk_to_match(haystack, at, &mut state) {
            let row = (state - self.first_match) as usize / self.stride;
            let (first, last) = self.match_ranges[row];
            for &(pattern, len) in &self.matches[first as usize..last as usize] {
                found(pattern as usize, end - len as usize, end);
            }
            at = end;
        }
    }

    /// [`walk_to_special`] over the table.
    #[inline(never)]
    fn walk_to_match(&self, haystack: &[u8], at: usize, state: &mut u32) -> Option<usize> {
        let mut current = *state;
        for (offset, &byte) in haystack.iter().enumerate().skip(at) {
            let step = current as usize + usize::from(self.class[usize::from(byte)]);
            // SAFETY: `current` is the start's offset or an entry of `next`, a row's offset,
            // and a class is below the row's length (`stride`): `new` asserts both, and the
            // table is not changed after. A checked index cost ~150 instructions a message.
            current = unsafe { *self.next.get_unchecked(step) };
            if current >= self.first_match {
                *state = current;
                return Some(offset + 1);
            }
        }
        *state = current;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::LINK_PREFIXES;
    use crate::analysis::topics::TopicRuleDef;
    use crate::analysis::{TopicRules, pii, spam};

    /// The one-pass scan finds exactly what the three lists' own automata find.
    #[test]
    fn one_pass_finds_what_the_three_searches_find() {
        let tweets = crate::analysis::sentiment::tests::rated_tweets();
        let labelled = include_str!("testdata/cs_messages.tsv");
        let mut texts: Vec<&str> = tweets.iter().map(|(_, _, t)| *t).collect();
        texts.extend(labelled.lines().filter_map(|l| l.rsplit('\t').next()));
        texts.extend([
            "ORDER order12 Order: AB12345, PIN is 1234 and pin: 5678",
            "DM ME now, dm us for a GIVEAWAY airdrop: claim your reward, claim your prize",
            "reservation confirmation number XK4P9Q; booking ref ABC123 order #A1B2C3D",
            "my password is hunter2, passcode: 9911 and the code 123456",
            "a/c 12345678 account no. 87654321 acct#11112222",
            "Refund? REFUND! refunded... late chocolate, delayed DELAY",
            "HELP?? Could You, por FAVOR, tell me How Do I get my bag? helpless",
            "http://a.b HTTP://c.d https://e.f Https://g.h xhttps://i.j http:/k http://",
            "KEYWORD12 PHRASE and keyword1999 phrase, keyword7 phrases",
            "",
        ]);
        // Rules typed in Settings: capitals, a keyword in two rules, keywords equal to a scam
        // phrase or a PII keyword, a keyword that is a prefix of another.
        let rule = |topic: &str, pattern: &str| TopicRuleDef {
            topic: topic.into(),
            kind: "keywords".into(),
            pattern: pattern.into(),
            language: None,
            urgent: false,
            team_id: None,
        };
        let custom = TopicRules::compile(vec![
            rule("codes", "Code, CODE, giveaway, pass, Passcode, DM me"),
            rule("orders", "code, order, Order Status, refund"),
        ])
        .expect("the custom rules compile");
        // Past 16 KB of keywords the scan walks an NFA instead of a table.
        let many: Vec<String> = (0..2000).map(|i| format!("keyword{i} phrase")).collect();
        let large = TopicRules::compile(vec![
            rule("many", &many.join(", ")),
            rule("orders", "code, order, Order Status, refund, late, delay"),
        ])
        .expect("the large rules compile");
        let rules = TopicRules::defaults();
        // The scan finds help words regardless of case, the fallback in the lower-cased
        // text: the same only while the ASCII help words are written in lower case.
        let help_list = crate::analysis::cues::HELP_WORDS;
        assert!(
            help_list
                .iter()
                .all(|w| !w.is_ascii() || *w == w.to_lowercase())
        );
        let help_words = aho_corasick::AhoCorasick::new(help_list).expect("help words compile");
        let mut ascii = 0;
        for text in texts.into_iter().filter(|t| t.is_ascii()) {
            let scanned = rules.scan(text, false).expect("ASCII text is scanned");
            assert_eq!(
                rules.find_with(text, Some("eng"), Some(&scanned)),
                rules.find_with(text, Some("eng"), None),
                "topics in {text:?}"
            );
            let custom_scan = custom.scan(text, true).expect("ASCII text is scanned");
            assert_eq!(
                custom.find_with(text, Some("eng"), Some(&custom_scan)),
                custom.find_with(text, Some("eng"), None),
                "custom topics in {text:?}"
            );
            let large_scan = large.scan(text, false).expect("ASCII text is scanned");
            assert_eq!(
                large.find_with(text, Some("eng"), Some(&large_scan)),
                large.find_with(text, Some("eng"), None),
                "large rules' topics in {text:?}"
            );
            assert_eq!(large_scan.scam, scanned.scam, "{text:?}");
            assert_eq!(large_scan.introducers, scanned.introducers, "{text:?}");
            assert_eq!(custom_scan.scam, scanned.scam, "{text:?}");
            assert_eq!(custom_scan.introducers, scanned.introducers, "{text:?}");
            assert_eq!(scanned.introducers, pii::keywords_in(text), "{text:?}");
            assert_eq!(
                pii::find_with(text, Some(&scanned)),
                pii::find_with(text, None),
                "PII in {text:?}"
            );
            assert_eq!(scanned.scam, spam::scam_phrase(text), "scam in {text:?}");
            let help = help_words.is_match(&text.to_lowercase());
            assert_eq!(scanned.help, help, "help words in {text:?}");
            let links = LINK_PREFIXES
                .iter()
                .map(|p| text.matches(p).count())
                .sum::<usize>();
            assert_eq!(scanned.links, links, "links in {text:?}");
            assert_eq!(
                (large_scan.links, custom_scan.links),
                (links, links),
                "{text:?}"
            );
            let marks = (text.matches('#').count(), text.matches('@').count());
            assert_eq!((scanned.hashes, scanned.ats), marks, "{text:?}");
            assert_eq!((large_scan.hashes, large_scan.ats), marks, "{text:?}");
            assert_eq!(
                (large_scan.help, custom_scan.help),
                (help, help),
                "{text:?}"
            );
            ascii += 1;
        }
        assert!(ascii > 3000, "{ascii} ASCII texts");
        assert!(rules.scan("número de pedido 12345", false).is_none());
    }
}
