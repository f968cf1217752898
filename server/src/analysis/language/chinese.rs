//! Chinese varieties and scripts: Cantonese vs standard written Chinese by their markers,
//! Simplified vs Traditional by the forms of common characters.

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

pub(super) fn chinese(text: &str) -> Language {
    let cantonese: Vec<&str> = CANTONESE_MARKERS
        .iter()
        .copied()
        .filter(|m| text.contains(m))
        .collect();
    let standard = STANDARD_MARKERS
        .iter()
        .filter(|m| text.contains(*m))
        .count();
    let script = chinese_script(text);
    let script_reason = script
        .as_ref()
        .map(|(_, why)| format!("; {why}"))
        .unwrap_or_default();
    let script = script.map(|(s, _)| s);
    // Cantonese posts borrow standard forms too; markers only need to hold their own.
    if !cantonese.is_empty() && cantonese.len() * 2 >= standard {
        let shown: Vec<&str> = cantonese.into_iter().take(4).collect();
        return Language {
            code: "yue".into(),
            script,
            reason: format!("Cantonese markers {}{script_reason}", shown.join(" ")).into(),
        };
    }
    Language {
        code: "cmn".into(),
        script,
        reason: format!("Han characters{script_reason}").into(),
    }
}

/// Simplified / Traditional pairs of very common characters; a text's forms tell its script.
const SIMPLIFIED: &str = "这们说时会来对发过还么国个为学后开关问题动样务现点经给让从长见东车书买卖钱银飞机场订单号码电话网络线费账户务员态价汇认证应实验邮箱额卡传递运输货丢坏烂满谢简复处理没吗听觉决难系统数连续产质体无读写钟级谁岁亲爱边门医药伤险灯坛";
const TRADITIONAL: &str = "這們說時會來對發過還麼國個為學後開關問題動樣務現點經給讓從長見東車書買賣錢銀飛機場訂單號碼電話網絡線費賬戶務員態價匯認證應實驗郵箱額卡傳遞運輸貨丟壞爛滿謝簡複處理沒嗎聽覺決難係統數連續產質體無讀寫鐘級誰歲親愛邊門醫藥傷險燈壇";

pub(super) fn chinese_script(text: &str) -> Option<(&'static str, String)> {
    let (mut simplified, mut traditional) = (0usize, 0usize);
    // Only Han characters can be in the lists (each lookup scans ~100 characters).
    for c in text.chars().filter(|c| crate::inbox::search::is_cjk(*c)) {
        let s = SIMPLIFIED.contains(c);
        let t = TRADITIONAL.contains(c);
        // Characters shared by both lists (e.g. 卡, 理) say nothing.
        if s && !t {
            simplified += 1;
        } else if t && !s {
            traditional += 1;
        }
    }
    match simplified.cmp(&traditional) {
        std::cmp::Ordering::Greater => Some((
            "Hans",
            format!("{simplified} Simplified vs {traditional} Traditional forms"),
        )),
        std::cmp::Ordering::Less => Some((
            "Hant",
            format!("{traditional} Traditional vs {simplified} Simplified forms"),
        )),
        std::cmp::Ordering::Equal => None,
    }
}
