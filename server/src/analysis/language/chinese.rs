//! Chinese varieties and scripts: Cantonese vs standard written Chinese by their markers,
//! Simplified vs Traditional by the forms of common characters.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use rustc_hash::FxHashMap as HashMap;

use super::Language;

/// Written Cantonese: characters and words standard written Chinese does not use
/// (after CanCLID/cantonesedetect, MIT).
const CANTONESE_MARKERS: &[&str] = &[
    "嘅",
    "咗",
    "唔",
    "佢",
    "喺",
    "冇",
    "啲",
    "嚟",
    "睇",
    "乜",
    "嘢",
    "咁",
    "咩",
    "哋",
    "嗰",
    "嘥",
    "攞",
    "搵",
    "揾",
    "啱",
    "俾",
    "畀",
    "諗",
    "谂",
    "嬲",
    "瞓",
    "攰",
    "喇",
    "嘞",
    "囉",
    "噉",
    "點解",
    "而家",
    "邊度",
    "幾時",
    "乜嘢",
    "咁樣",
    "係咪",
    "唔該",
    "多謝晒",
    "好彩",
    // 呢 alone is also the Mandarin question particle (你呢？); before a classifier it is
    // the Cantonese "this".
    "呢個",
    "呢间",
    "呢間",
    "呢度",
    "呢啲",
    "真係",
];

/// Standard written Chinese function words that Cantonese writes differently.
const STANDARD_MARKERS: &[&str] = &[
    "的",
    "是",
    "了",
    "沒",
    "没",
    "那",
    "他",
    "她",
    "们",
    "們",
    "这",
    "這",
    "什么",
    "什麼",
    "怎么",
    "怎麼",
    "不是",
    "为什么",
    "為什麼",
    "现在",
    "現在",
    "哪里",
    "哪裡",
];

// Which markers a text holds is kept as a bit each.
const _: () = assert!(CANTONESE_MARKERS.len() <= 64 && STANDARD_MARKERS.len() <= 64);

/// The markers `text` holds, as bits: `1 << i` for `CANTONESE_MARKERS[i]`, and for
/// `STANDARD_MARKERS[i]` in the second mask. One pass over the text for all 64 (asking
/// `contains` of each scanned it 64 times, ~19k instructions a post).
fn markers_in(text: &str) -> (u64, u64) {
    static MARKERS: OnceLock<AhoCorasick> = OnceLock::new();
    let markers = MARKERS.get_or_init(|| {
        AhoCorasick::new(CANTONESE_MARKERS.iter().chain(STANDARD_MARKERS))
            .expect("the markers compile")
    });
    let (mut cantonese, mut standard) = (0u64, 0u64);
    // Overlapping: every marker found wherever it is, also inside another ("乜" in "乜嘢").
    for found in markers.find_overlapping_iter(text) {
        match found.pattern().as_usize() {
            i if i < CANTONESE_MARKERS.len() => cantonese |= 1 << i,
            i => standard |= 1 << (i - CANTONESE_MARKERS.len()),
        }
    }
    (cantonese, standard)
}

pub(super) fn chinese(text: &str) -> Language {
    let (cantonese_found, standard_found) = markers_in(text);
    let cantonese: Vec<&str> = (CANTONESE_MARKERS.iter().enumerate())
        .filter(|(i, _)| cantonese_found & 1 << i != 0)
        .map(|(_, &m)| m)
        .collect();
    let standard = standard_found.count_ones() as usize;
    let forms = chinese_script(text);
    // Cantonese posts borrow standard forms too; markers only need to hold their own.
    let (code, mut reason) = if !cantonese.is_empty() && cantonese.len() * 2 >= standard {
        let shown: Vec<&str> = cantonese.into_iter().take(4).collect();
        ("yue", format!("Cantonese markers {}", shown.join(" ")))
    } else {
        ("cmn", "Han characters".to_string())
    };
    if let Some(forms) = &forms {
        use std::fmt::Write;
        write!(reason, "; {forms}").expect("writing to a String");
    }
    Language {
        code: code.into(),
        script: forms.map(|f| f.script),
        reason: reason.into(),
    }
}

/// Simplified / Traditional pairs of very common characters; a text's forms tell its script.
const SIMPLIFIED: &str = "这们说时会来对发过还么国个为学后开关问题动样务现点经给让从长见东车书买卖钱银飞机场订单号码电话网络线费账户务员态价汇认证应实验邮箱额卡传递运输货丢坏烂满谢简复处理没吗听觉决难系统数连续产质体无读写钟级谁岁亲爱边门医药伤险灯坛帮该请询间迟误办转换报乐试语讯结联约预达终";
const TRADITIONAL: &str = "這們說時會來對發過還麼國個為學後開關問題動樣務現點經給讓從長見東車書買賣錢銀飛機場訂單號碼電話網絡線費賬戶務員態價匯認證應實驗郵箱額卡傳遞運輸貨丟壞爛滿謝簡複處理沒嗎聽覺決難係統數連續產質體無讀寫鐘級誰歲親愛邊門醫藥傷險燈壇幫該請詢間遲誤辦轉換報樂試語訊結聯約預達終";

/// For each character of [`SIMPLIFIED`] or [`TRADITIONAL`]: whether it is in each.
fn forms() -> &'static HashMap<char, (bool, bool)> {
    static FORMS: OnceLock<HashMap<char, (bool, bool)>> = OnceLock::new();
    FORMS.get_or_init(|| {
        let mut forms: HashMap<char, (bool, bool)> = HashMap::default();
        for c in SIMPLIFIED.chars() {
            forms.entry(c).or_default().0 = true;
        }
        for c in TRADITIONAL.chars() {
            forms.entry(c).or_default().1 = true;
        }
        forms
    })
}

/// Which script a Chinese text is written in, by how many of its characters have only a
/// Simplified or only a Traditional form in the lists; shown as the reason.
pub(super) struct ScriptForms {
    /// "Hans" or "Hant".
    pub(super) script: &'static str,
    simplified: usize,
    traditional: usize,
}

impl std::fmt::Display for ScriptForms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (simplified, traditional) = (self.simplified, self.traditional);
        if self.script == "Hans" {
            write!(
                f,
                "{simplified} Simplified vs {traditional} Traditional forms"
            )
        } else {
            write!(
                f,
                "{traditional} Traditional vs {simplified} Simplified forms"
            )
        }
    }
}

pub(super) fn chinese_script(text: &str) -> Option<ScriptForms> {
    let (mut simplified, mut traditional) = (0usize, 0usize);
    let forms = forms();
    // Only Han characters can be in the lists.
    for c in text.chars().filter(|c| crate::inbox::search::is_cjk(*c)) {
        let (s, t) = forms.get(&c).copied().unwrap_or_default();
        // Characters shared by both lists (e.g. 卡, 理) say nothing.
        if s && !t {
            simplified += 1;
        } else if t && !s {
            traditional += 1;
        }
    }
    let script = match simplified.cmp(&traditional) {
        std::cmp::Ordering::Greater => "Hans",
        std::cmp::Ordering::Less => "Hant",
        std::cmp::Ordering::Equal => return None,
    };
    Some(ScriptForms {
        script,
        simplified,
        traditional,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one pass finds the markers `contains` finds, each in its list's place.
    #[test]
    fn markers_are_those_the_text_contains() {
        let mut texts = crate::analysis::sentiment::tests::rated_and_labelled_texts();
        texts.extend(
            [
                "乜嘢點解唔該多謝晒",
                "为什么什么什麼們们",
                "嘅嘅 咗 the 的是了",
                "",
            ]
            .map(String::from),
        );
        for text in &texts {
            let contains = |list: &[&str]| -> u64 {
                (list.iter().enumerate())
                    .filter(|(_, m)| text.contains(*m))
                    .fold(0, |bits, (i, _)| bits | 1 << i)
            };
            let expected = (contains(CANTONESE_MARKERS), contains(STANDARD_MARKERS));
            assert_eq!(markers_in(text), expected, "{text:?}");
        }
    }
}
