//! The Chinese scorer (standard written Chinese and Cantonese, both scripts): words found by
//! longest match in Earshot's lexicon, with negators, bridges ("不太", "唔係好"), boosters and
//! dampeners a few characters before a word, the contrastive "但是 / 不過", and English words
//! of code-switched posts scored as VADER scores them.

use std::sync::OnceLock;

use super::super::sentiment::{B_INCR, N_SCALAR, Negator, Sentiment, expressive_valence};
use super::{Lexicon, Scored, finish, parse};

const CHINESE_LEXICON: &str = include_str!("../lexicons/earshot_zh.txt");

const ZH_NEGATORS: &[&str] = &[
    "不",
    "没",
    "沒",
    "冇",
    "唔",
    "未",
    "别",
    "別",
    "无",
    "無",
    "非",
    "勿",
    "莫",
    "毫不",
    "并不",
    "並不",
    "从不",
    "從不",
    "从来没",
    "從來沒",
    "绝不",
    "絕不",
    // A negated copula or "have" before an intensified word: 不是很满意, 唔係好滿意, 没有很好.
    "不是",
    "唔係",
    "没有",
    "沒有",
];
/// Modal verbs and adverbs that may stand between a negator and the word it negates, at
/// most two of them: 终于不会一直闪退 (no longer crashes all the time), 不再满意 (no longer
/// satisfied), 唔使擔心 (no need to worry).
const ZH_NEGATION_BRIDGES: &[&str] = &[
    "会", "會", "能", "可以", "再", "用", "使", "一直", "总是", "總是", "经常", "經常", "常常",
    "成日",
];
const ZH_BOOSTERS: &[&str] = &[
    "很",
    "非常",
    "太",
    "超",
    "超级",
    "超級",
    "极",
    "極",
    "极其",
    "極其",
    "真",
    "真的",
    "好",
    "最",
    "特别",
    "特別",
    "十分",
    "相当",
    "相當",
    "挺",
    "蛮",
    "蠻",
    "几",
    "幾",
    "勁",
    "超勁",
    "越来越",
    "越來越",
    "更",
    "实在",
    "實在",
    "完全",
    "根本",
    "巨",
    "死",
    "爆",
];
const ZH_DAMPENERS: &[&str] = &["有点", "有點", "有些", "稍微", "略", "一点", "一點", "少少"];
const ZH_BUT: &[&str] = &[
    "但是",
    "但",
    "不过",
    "不過",
    "可是",
    "然而",
    "只是",
    "不過呢",
];

fn chinese_lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| parse(CHINESE_LEXICON))
}

pub fn chinese(text: &str) -> Sentiment {
    let lex = chinese_lexicon();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let slice = |from: usize, to: usize| -> &str {
        let start = chars[from].0;
        let end = chars.get(to).map_or(text.len(), |c| c.0);
        &text[start..end]
    };
    let ends_with_any = |before: usize, list: &[&'static str]| -> Option<&'static str> {
        let prefix = slice(before.saturating_sub(4), before);
        list.iter()
            .copied()
            .filter(|m| prefix.ends_with(m))
            .max_by_key(|m| m.len())
    };
    let mut scored = Vec::new();
    let mut but_at = None;
    let mut i = 0;
    let mut word_index = 0;
    while i < chars.len() {
        let c = chars[i].1;
        // Latin words inside Chinese ("呢個 app 好 hea") and emoticons are read as a token.
        if c.is_ascii_alphanumeric() || (c.is_ascii_punctuation() && c != '!' && c != '?') {
            let mut j = i;
            while j < chars.len() && chars[j].1.is_ascii() && !chars[j].1.is_whitespace() {
                j += 1;
            }
            let token = slice(i, j);
            if let Some(v) = expressive_valence(token).or_else(|| english_word(token)) {
                scored.push(Scored {
                    at: word_index,
                    token: token.to_string(),
                    valence: v,
                    notes: Vec::new(),
                    negator: Negator::None,
                });
            }
            word_index += 1;
            i = j;
            continue;
        }
        let window = lex.max_chars_from.get(&c).copied().unwrap_or(0);
        // A plain loop: as an iterator's `find_map`, the lookup was sometimes compiled as a
        // call of its own per length tried (+10% instructions on Chinese posts).
        let mut longest = None;
        for n in (1..=window.min(chars.len() - i)).rev() {
            if let Some(&v) = lex.words.get(slice(i, i + n)) {
                longest = Some((n, v));
                break;
            }
        }
        let Some((n, base)) = longest else {
            // No CJK character is an emoji or emoticon (a test asks each): one that starts no
            // word is only looked at for a "but".
            let expressive = if crate::inbox::search::is_cjk(c) {
                None
            } else {
                expressive_valence(slice(i, i + 1))
            };
            if let Some(v) = expressive {
                scored.push(Scored {
                    at: word_index,
                    token: c.to_string(),
                    valence: v,
                    notes: vec!["emoji".into()],
                    negator: Negator::None,
                });
            } else if but_at.is_none()
                && ZH_BUT.iter().any(|b| slice(i, chars.len()).starts_with(b))
            {
                but_at = Some(word_index);
            }
            word_index += 1;
            i += 1;
            continue;
        };
        let mut v = base;
        let mut notes = Vec::new();
        let mut negator = Negator::None;
        let mut before = i;
        if let Some(b) = ends_with_any(before, ZH_BOOSTERS) {
            v += v.signum() * B_INCR;
            notes.push(format!("boosted by '{b}'"));
            before -= b.chars().count();
        } else if let Some(d) = ends_with_any(before, ZH_DAMPENERS) {
            v -= v.signum() * B_INCR;
            notes.push(format!("dampened by '{d}'"));
            before -= d.chars().count();
        }
        // The negator may be a modal or an adverb or two further back.
        let mut negated = ends_with_any(before, ZH_NEGATORS);
        for _ in 0..2 {
            let Some(bridge) = negated
                .is_none()
                .then(|| ends_with_any(before, ZH_NEGATION_BRIDGES))
                .flatten()
            else {
                break;
            };
            before -= bridge.chars().count();
            negated = ends_with_any(before, ZH_NEGATORS);
        }
        if let Some(neg) = negated {
            v *= N_SCALAR;
            notes.push(format!("negated by '{neg}'"));
            negator = Negator::Verb;
        }
        scored.push(Scored {
            at: word_index,
            token: slice(i, i + n).to_string(),
            valence: v,
            notes,
            negator,
        });
        word_index += 1;
        i += n;
    }
    finish(text, scored, but_at)
}

/// An English word's VADER valence, for code-switched Chinese posts.
fn english_word(token: &str) -> Option<f64> {
    let s = super::super::sentiment::analyze(token);
    (s.reasons.len() == 1).then(|| s.reasons[0].valence)
}
