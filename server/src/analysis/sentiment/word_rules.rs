//! VADER's rules for one word's valence (negation, boosters, ALL CAPS, idioms, "least") and
//! the contrastive "but", each change noted for the reasons shown to agents.

use super::lexicon::{C_INCR, Lexicons, N_SCALAR, SPECIAL_CASES};
use super::tokenize::Token;
use super::{Notes, Scored, social};

/// VADER's `sentiment_valence` for the token at `i`, with notes explaining each adjustment.
// Not inlined: most tokens have no valence, and the scorer's loop over them, with this
// inlined, spent ~20 instructions a token moving values in and out of registers.
#[inline(never)]
pub(super) fn word_valence(
    tokens: &[Token],
    i: usize,
    cap_diff: bool,
    phrases_possible: bool,
    lex: &Lexicons,
    improved: bool,
) -> (f64, Notes) {
    let w = |j: usize| -> &str { &tokens[j].key };
    let in_lex = |j: usize| tokens[j].info.valence.is_some();
    let mut notes = Notes::default();
    let Some(base) = tokens[i].info.valence else {
        return (0.0, notes);
    };
    let mut v = base;
    if improved && social::is_repeated_no(tokens, i) {
        return (v, notes);
    }
    if improved && social::is_negated_failure(tokens, i) {
        return (0.0, notes);
    }
    if w(i) == "no" && i + 1 < tokens.len() && in_lex(i + 1) {
        v = 0.0;
    }
    // Laughter, emoticons and emoji express the writer's mood; "no idea lol" is not a negated
    // laugh (VADER negates them; the improved analyser does not).
    let negatable = !(improved && social::is_expressive(&tokens[i]));
    // Whether the `back` tokens before this one are in its clause: a negation does not reach
    // across a comma or a full stop ("thanks for nothing, worst service ever"; VADER's does).
    let in_clause = |back: usize| !improved || !tokens[i - back..i].iter().any(|t| t.ends_clause);
    if negatable
        && ((i > 0 && w(i - 1) == "no" && in_clause(1))
            || (i > 1 && w(i - 2) == "no" && in_clause(2))
            || (i > 2 && w(i - 3) == "no" && matches!(w(i - 1), "or" | "nor") && in_clause(3)))
    {
        v = base * N_SCALAR;
        notes.negated_by("no");
    }
    if tokens[i].upper && cap_diff {
        v += if v > 0.0 { C_INCR } else { -C_INCR };
        notes.add(&["ALL CAPS"]);
    }
    for start_i in 0..3 {
        if i <= start_i || in_lex(i - start_i - 1) {
            continue;
        }
        let prev = &tokens[i - start_i - 1];
        if let Some(b) = prev.info.booster() {
            let mut s = if v < 0.0 { -b } else { b };
            if prev.upper && cap_diff {
                s += if v > 0.0 { C_INCR } else { -C_INCR };
            }
            s *= [1.0, 0.95, 0.9][start_i];
            if s != 0.0 {
                let verb = if b > 0.0 { "boosted" } else { "dampened" };
                notes.add(&[verb, " by '", prev.text, "'"]);
            }
            v += s;
        }
        if negatable {
            // "Can't believe" is surprise, and "never been happier" or "never fails to
            // amaze" praise, not a negation (Earshot's rules).
            let negates = |j: usize| {
                tokens[j].negation && !(improved && social::is_no_negation(tokens, j, i))
            };
            v = negation_check(
                v,
                tokens,
                start_i,
                i,
                || in_clause(start_i + 1),
                negates,
                &mut notes,
            );
        }
        if start_i == 2 && phrases_possible {
            v = special_idioms_check(v, tokens, i, lex, &mut notes);
        }
    }
    // "least" as negation, except "at least" / "very least".
    if i > 0
        && w(i - 1) == "least"
        && !in_lex(i - 1)
        && (i == 1 || !matches!(w(i - 2), "at" | "very"))
    {
        v *= N_SCALAR;
        notes.negated_by("least");
    }
    if v != base && notes.is_empty() {
        notes.add(&[&format!("lexicon {base:+}")]);
    }
    (v, notes)
}

/// `in_clause`: whether the words from `start_i + 1` back are in this word's clause (asked
/// only of a word that would negate or intensify it: most words are neither). `negates`:
/// whether the token at an index negates what follows.
fn negation_check(
    v: f64,
    tokens: &[Token],
    start_i: usize,
    i: usize,
    in_clause: impl Fn() -> bool,
    negates: impl Fn(usize) -> bool,
    notes: &mut Notes,
) -> f64 {
    let w = |j: usize| -> &str { &tokens[j].key };
    let negated = |v: f64, notes: &mut Notes| {
        notes.negated_by(tokens[i - start_i - 1].text);
        v * N_SCALAR
    };
    // The note shows the two words lower-cased (an unknown word's key keeps its capitals).
    let intensified = |v: f64, notes: &mut Notes, first: &str, second: &str| {
        let (first, second) = (first.to_ascii_lowercase(), second.to_ascii_lowercase());
        notes.add(&["intensified by '", &first, " ", &second, "'"]);
        v * 1.25
    };
    match start_i {
        0 if negates(i - 1) && in_clause() => negated(v, notes),
        1 if w(i - 2) == "never" && matches!(w(i - 1), "so" | "this") && in_clause() => {
            intensified(v, notes, "never", w(i - 1))
        }
        1 if w(i - 2) == "without" && w(i - 1) == "doubt" => v,
        1 if negates(i - 2) && in_clause() => negated(v, notes),
        // VADER's operator precedence: `never so|this` two back, or `so|this` just before.
        2 if ((w(i - 3) == "never" && matches!(w(i - 2), "so" | "this"))
            || matches!(w(i - 1), "so" | "this"))
            && in_clause() =>
        {
            intensified(v, notes, w(i - 2), w(i - 1))
        }
        2 if w(i - 3) == "without" && (w(i - 2) == "doubt" || w(i - 1) == "doubt") => v,
        2 if negates(i - 3) && in_clause() => negated(v, notes),
        _ => v,
    }
}

fn special_idioms_check(
    mut v: f64,
    tokens: &[Token],
    i: usize,
    lex: &Lexicons,
    notes: &mut Notes,
) -> f64 {
    let w = |j: usize| -> &str { &tokens[j].key };
    // A phrase's last word, and a pair's second, is marked `later_in_phrase` (as are all
    // their later words): a range that does not end on such a word is none of them.
    let phrase = |range: std::ops::Range<usize>| -> Option<(&'static str, f64)> {
        if !tokens[range.end - 1].info.later_in_phrase() {
            return None;
        }
        let len = range.len();
        idioms()
            .iter()
            .find(|(words, _, _)| {
                words.len() == len && range.clone().zip(words.iter()).all(|(j, x)| w(j) == *x)
            })
            .map(|(_, p, v)| (*p, *v))
    };
    let mut hit = None;
    for r in [i - 1..i + 1, i - 2..i + 1, i - 2..i, i - 3..i, i - 3..i - 1] {
        if let Some(found) = phrase(r) {
            hit = Some(found);
            break;
        }
    }
    if i + 1 < tokens.len() {
        hit = phrase(i..i + 2).or(hit);
    }
    if i + 2 < tokens.len() {
        hit = phrase(i..i + 3).or(hit);
    }
    if let Some((p, val)) = hit {
        v = val;
        notes.add(&["idiom '", p, "'"]);
    }
    // Two-word boosters and dampeners ("kind of", "sort of", "just enough") before the word.
    for (a, b) in [(i - 3, i - 2), (i - 2, i - 1)] {
        if !tokens[b].info.later_in_phrase() {
            continue;
        }
        let pair = lex
            .booster_pairs
            .iter()
            .find(|(x, y, _)| w(a) == *x && w(b) == *y);
        if let Some(&(x, y, s)) = pair {
            v += s;
            let verb = if s > 0.0 { "boosted" } else { "dampened" };
            notes.add(&[verb, " by '", x, " ", y, "'"]);
        }
    }
    v
}

/// [`SPECIAL_CASES`] split into words once: (words, phrase, valence).
fn idioms() -> &'static [(Vec<&'static str>, &'static str, f64)] {
    static IDIOMS: std::sync::OnceLock<Vec<(Vec<&'static str>, &'static str, f64)>> =
        std::sync::OnceLock::new();
    IDIOMS.get_or_init(|| {
        SPECIAL_CASES
            .iter()
            .map(|&(p, v)| (p.split(' ').collect(), p, v))
            .collect()
    })
}

/// The contrastive "but": words before the first "but" count half, words after 1.5 times.
/// (VADER 3.3.2 locates each score with `list.index(value)`, which mis-weights repeated
/// values; that quirk is deliberately not reproduced. It changes 1 of the 4,200 tweets.)
// Inlined into the scorer, as it was in the same module (a call cost ~15 instructions a
// message).
#[inline]
pub(super) fn but_check(tokens: &[Token], scores: &mut [Scored]) {
    if scores.is_empty() {
        return;
    }
    let Some(bi) = tokens.iter().position(|t| t.key == "but") else {
        return;
    };
    for Scored { at, v, notes } in scores.iter_mut() {
        if *at == bi {
            continue;
        }
        if *at < bi {
            *v *= 0.5;
            notes.add(&["before 'but' (×0.5)"]);
        } else {
            *v *= 1.5;
            notes.add(&["after 'but' (×1.5)"]);
        }
    }
}
