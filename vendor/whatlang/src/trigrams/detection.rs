use hashbrown::HashMap;

use super::utils::{get_trigrams_with_positions, TrigramsWithPositions};
use super::{LangProfile, LangProfileList};
use super::{Trigram, MAX_TOTAL_DISTANCE, MAX_TRIGRAM_DISTANCE};
use super::{ARABIC_LANGS, CYRILLIC_LANGS, DEVANAGARI_LANGS, HEBREW_LANGS, LATIN_LANGS};
use crate::core::{calculate_confidence, FilterList, Info, InternalQuery, Text};
use crate::scripts::grouping::MultiLangScript;
use crate::Lang;

#[derive(Debug)]
pub struct RawOutcome {
    pub trigrams_count: usize,
    // Earshot: read by the `dev` API only (rustc reports it for a path dependency).
    #[cfg_attr(not(feature = "dev"), allow(dead_code))]
    pub raw_distances: Vec<(Lang, u32)>,
    pub scores: Vec<(Lang, f64)>,
}

#[inline]
pub fn detect(iquery: &InternalQuery) -> Option<Info> {
    let raw_outcome = raw_detect(iquery);
    let RawOutcome {
        trigrams_count,
        scores,
        ..
    } = raw_outcome;

    let mut raw_scores_iter = scores.into_iter();

    let opt_lang_score1 = raw_scores_iter.next();
    let opt_lang_score2 = raw_scores_iter.next();

    // TODO: Logic is duplicated in alphabets. Consider refactoring
    opt_lang_score1.map(|(lang1, score1)| {
        let script = iquery.multi_lang_script.to_script();
        let confidence = if let Some((_, score2)) = opt_lang_score2 {
            calculate_confidence(score1, score2, trigrams_count)
        } else {
            1.0
        };
        Info::new(script, lang1, confidence)
    })
}

#[inline]
pub fn raw_detect(iquery: &InternalQuery) -> RawOutcome {
    let lang_profile_list = script_to_lang_profile_list(iquery.multi_lang_script);
    let index = inverted_profiles(iquery.multi_lang_script);
    calculate_scores_in_profiles(&iquery.text, iquery.filter_list, lang_profile_list, index)
}

// Earshot's change (see vendor/README.md): the distances are summed from an index of the
// profiles by trigram, built once per script, instead of looking each of a profile's 300
// trigrams up in the text's. A text has ~100 distinct trigrams and the Latin script 36
// profiles (19 in Earshot's allowlist), so ~100 lookups replace ~5,700 to ~10,800
// (measured in Earshot: a whole detection ~350k instructions before, ~65k after). The
// index covers every profile of the script; those a filter leaves out are summed and
// dropped, which costs less than asking the filter for each entry.

/// Every profile of one script's list by trigram: (the profile's position in the list, the
/// trigram's rank in it), once for each time the profile holds the trigram.
pub(crate) struct InvertedProfiles {
    by_trigram: HashMap<Trigram, Vec<(u16, u16)>>,
}

impl InvertedProfiles {
    fn new(list: LangProfileList) -> Self {
        let mut by_trigram: HashMap<Trigram, Vec<(u16, u16)>> = HashMap::new();
        for (position, (_, profile)) in list.iter().enumerate() {
            for (rank, &trigram) in profile.iter().enumerate() {
                by_trigram
                    .entry(trigram)
                    .or_default()
                    .push((position as u16, rank as u16));
            }
        }
        InvertedProfiles { by_trigram }
    }
}

fn inverted_profiles(script: MultiLangScript) -> &'static InvertedProfiles {
    use once_cell::sync::OnceCell;
    use MultiLangScript as MLS;
    static LATIN: OnceCell<InvertedProfiles> = OnceCell::new();
    static CYRILLIC: OnceCell<InvertedProfiles> = OnceCell::new();
    static ARABIC: OnceCell<InvertedProfiles> = OnceCell::new();
    static DEVANAGARI: OnceCell<InvertedProfiles> = OnceCell::new();
    static HEBREW: OnceCell<InvertedProfiles> = OnceCell::new();
    let cell = match script {
        MLS::Latin => &LATIN,
        MLS::Cyrillic => &CYRILLIC,
        MLS::Arabic => &ARABIC,
        MLS::Devanagari => &DEVANAGARI,
        MLS::Hebrew => &HEBREW,
    };
    cell.get_or_init(|| InvertedProfiles::new(script_to_lang_profile_list(script)))
}

/// Each profile's distance from the text, as `calculate_distance` computes it: the sum over
/// the profile's trigrams of |rank in text - rank in profile|, or MAX_TRIGRAM_DISTANCE for one
/// the text lacks, is the sum over the ones it has of their |difference| plus
/// MAX_TRIGRAM_DISTANCE for each of the rest. (The same u32 sum, so the same result.)
fn distances_by_index(
    list: LangProfileList,
    index: &InvertedProfiles,
    text_trigrams: &HashMap<Trigram, u32>,
) -> Vec<u32> {
    let mut differences = vec![0u32; list.len()];
    let mut found = vec![0u32; list.len()];
    for (trigram, &n) in text_trigrams {
        for &(position, rank) in index.by_trigram.get(trigram).map_or(&[][..], Vec::as_slice) {
            differences[usize::from(position)] += (n as i32 - i32::from(rank)).unsigned_abs();
            found[usize::from(position)] += 1;
        }
    }
    list.iter()
        .enumerate()
        .map(|(position, (_, profile))| {
            let missing = profile.len() as u32 - found[position];
            let total_dist = differences[position] + missing * MAX_TRIGRAM_DISTANCE;
            finish_distance(total_dist, text_trigrams)
        })
        .collect()
}

fn script_to_lang_profile_list(script: MultiLangScript) -> LangProfileList {
    use MultiLangScript as MLS;
    match script {
        MLS::Latin => LATIN_LANGS,
        MLS::Cyrillic => CYRILLIC_LANGS,
        MLS::Arabic => ARABIC_LANGS,
        MLS::Devanagari => DEVANAGARI_LANGS,
        MLS::Hebrew => HEBREW_LANGS,
    }
}

#[inline]
fn calculate_scores_in_profiles(
    text: &Text,
    filter_list: &FilterList,
    lang_profile_list: LangProfileList,
    index: &InvertedProfiles,
) -> RawOutcome {
    let mut lang_distances: Vec<(Lang, u32)> = vec![];

    let TrigramsWithPositions {
        trigram_positions, ..
    } = get_trigrams_with_positions(&text.lowercase());
    let unique_trigrams_count = trigram_positions.len();

    let distances = distances_by_index(lang_profile_list, index, &trigram_positions);
    for (&(lang, _), &dist) in lang_profile_list.iter().zip(&distances) {
        if !filter_list.is_allowed(lang) {
            continue;
        }
        lang_distances.push(((lang), dist));
    }

    // Sort languages by distance
    lang_distances.sort_unstable_by_key(|(_, dist)| *dist);

    let max_dist = unique_trigrams_count as u32 * MAX_TRIGRAM_DISTANCE;

    let raw_scores = lang_distances
        .iter()
        .map(|&(lang, distance)| (lang, distance_to_raw_score(distance, max_dist)))
        .collect();

    RawOutcome {
        trigrams_count: unique_trigrams_count,
        scores: raw_scores,
        raw_distances: lang_distances,
    }
}

/// The distance of one profile from the text, trigram by trigram (the original way: the
/// reference for `distances_by_index`).
fn calculate_distance(lang_trigrams: LangProfile, text_trigrams: &HashMap<Trigram, u32>) -> u32 {
    let mut total_dist = 0u32;

    for (i, &trigram) in lang_trigrams.iter().enumerate() {
        let dist = match text_trigrams.get(&trigram) {
            Some(&n) => (n as i32 - i as i32).unsigned_abs(),
            None => MAX_TRIGRAM_DISTANCE,
        };
        total_dist += dist;
    }
    finish_distance(total_dist, text_trigrams)
}

fn finish_distance(mut total_dist: u32, text_trigrams: &HashMap<Trigram, u32>) -> u32 {
    let count = text_trigrams.len() as u32;

    if MAX_TRIGRAM_DISTANCE > count {
        let delta = MAX_TRIGRAM_DISTANCE - count;
        total_dist -= delta * MAX_TRIGRAM_DISTANCE;
    }

    total_dist.clamp(0, MAX_TOTAL_DISTANCE)
}

/// For Earshot's tests: every profile's distance from `text`, in each script's list, by the
/// index and by the original per-trigram loop (they must agree).
#[doc(hidden)]
pub fn distances_both_ways(text: &str) -> Vec<(Vec<u32>, Vec<u32>)> {
    use MultiLangScript as MLS;
    let text = Text::new(text);
    let TrigramsWithPositions {
        trigram_positions, ..
    } = get_trigrams_with_positions(&text.lowercase());
    [MLS::Latin, MLS::Cyrillic, MLS::Arabic, MLS::Devanagari, MLS::Hebrew]
        .into_iter()
        .map(|script| {
            let list = script_to_lang_profile_list(script);
            let by_index = distances_by_index(list, inverted_profiles(script), &trigram_positions);
            let original = list
                .iter()
                .map(|(_, profile)| calculate_distance(profile, &trigram_positions))
                .collect();
            (by_index, original)
        })
        .collect()
}

#[inline]
fn distance_to_raw_score(distance: u32, max_distance: u32) -> f64 {
    let similarity = max_distance - distance;
    similarity as f64 / max_distance as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_when_german_is_given() {
        let text = "Die Ordnung muss für immer in diesem Codebase bleiben";
        let iq = InternalQuery {
            text: Text::new(text),
            filter_list: &FilterList::default(),
            multi_lang_script: MultiLangScript::Latin,
        };
        let raw_outcome = raw_detect(&iq);

        assert_eq!(raw_outcome.trigrams_count, 50);

        let &(first_lang, first_score) = raw_outcome.scores.first().unwrap();
        let &(_last_lang, last_score) = raw_outcome.scores.last().unwrap();

        assert_eq!(first_lang, Lang::Deu);

        assert!(first_score >= 0.0);
        assert!(first_score <= 1.0);

        assert!(last_score >= 0.0);
        assert!(last_score <= 1.0);
    }
}
