//! The PII guard: card numbers (Luhn-checked), passwords and one-time codes, account and
//! booking numbers, phone numbers and e-mail addresses, in English, Spanish and Chinese.
//!
//! Findings carry byte spans and a masked form, never the value itself, so they can be stored
//! with the analysis and shown to any role. [`mask`] hides the values in a text for roles that
//! need not see them; the stored message is never changed.

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use super::count_bytes;
use super::keyword_scan::KeywordHits;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum PiiKind {
    // In order of precedence when two findings overlap.
    CardNumber,
    Password,
    Otp,
    AccountNumber,
    BookingReference,
    Email,
    Phone,
}

impl PiiKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PiiKind::CardNumber => "card_number",
            PiiKind::Password => "password",
            PiiKind::Otp => "otp",
            PiiKind::AccountNumber => "account_number",
            PiiKind::BookingReference => "booking_reference",
            PiiKind::Email => "email",
            PiiKind::Phone => "phone",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PiiKind::CardNumber => "a card number",
            PiiKind::Password => "a password",
            PiiKind::Otp => "a one-time code",
            PiiKind::AccountNumber => "an account number",
            PiiKind::BookingReference => "a booking reference",
            PiiKind::Email => "an e-mail address",
            PiiKind::Phone => "a phone number",
        }
    }

    pub fn parse(kind: &str) -> Option<PiiKind> {
        [
            PiiKind::CardNumber,
            PiiKind::Password,
            PiiKind::Otp,
            PiiKind::AccountNumber,
            PiiKind::BookingReference,
            PiiKind::Email,
            PiiKind::Phone,
        ]
        .into_iter()
        .find(|k| k.as_str() == kind)
    }

    /// Secrets nobody on the team needs to read: masked for every role.
    pub fn is_secret(self) -> bool {
        matches!(self, PiiKind::CardNumber | PiiKind::Password | PiiKind::Otp)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PiiFinding {
    pub kind: PiiKind,
    /// Byte offsets of the value in the message text.
    pub start: usize,
    pub end: usize,
    /// The value as the UI shows it to roles that may not see it, e.g. "•••• 1111".
    pub masked: String,
}

struct Patterns {
    /// The keywords that introduce a password, code, account or booking number; their
    /// regexes only run when one is present (they cost ~25 µs a message otherwise).
    keywords: aho_corasick::AhoCorasick,
    email: Regex,
    password: Regex,
    otp: Regex,
    account: Regex,
    booking: Regex,
    digits: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |p: &str| Regex::new(p).expect("PII patterns compile");
        // A value counts only right after its own introducing word, where its window starts:
        // anchored, the search gives up at the first byte that cannot match instead of
        // running the slow capturing engine over the whole window.
        let anchored = |p: &str| re(&format!("^(?:{p})"));
        Patterns {
            keywords: aho_corasick::AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .ascii_case_insensitive(true)
                .build(INTRODUCERS.iter().map(|(word, _)| word))
                .expect("PII keywords compile"),
            email: re(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"),
            // ASCII (and full-width, typed on Chinese keyboards) digits and ASCII word
            // boundaries throughout: with Unicode `\d` and `\b` the lazy DFA gives up and the
            // slow PikeVM scans the whole message. A code ends at anything but a letter or digit,
            // so also before a Chinese character ("验证码123456请输入"). An IBAN is matched in
            // capitals only: case-insensitive, "… 0130 00 today" would run on into the word.
            password: anchored(
                r#"(?i)(?:(?-u:\b)(?:password|passcode|passwd|pwd|pin|contraseña|contrasena|clave)(?-u:\b)\s*(?:is|was|es|era|:|=)|(?:密码|密碼)\s*(?:是|係|為|为|:|：))\s*["'“]?([^\s"'”,，。]{3,64})"#,
            ),
            // A code right after its keyword, or (6 to 8 digits, not a year) a few words on:
            // "the code you sent is 482913", "el código que me llegó es 904126".
            otp: anchored(
                r"(?i)(?:(?-u:\b)(?:otp|code|verification code|security code|one[- ]time (?:code|password)|código|codigo|token)(?-u:\b)(?:\s+(?:is|es|was|era))?\s*[:=]?|(?:验证码|驗證碼|認證碼|动态码|動態碼|驗證碼係)\s*(?:是|係|為|为|:|：)?)\s*([0-9０-９]{4,8})(?:$|[^0-9A-Za-z０-９])|(?:(?-u:\b)(?:otp|code|verification code|security code|código|codigo)(?-u:\b))(?:\s+[a-zA-ZáéíóúñÁÉÍÓÚÑ']{1,10}){1,4}\s*[:=]?\s*([0-9]{6,8})(?:$|[^0-9A-Za-z])",
            ),
            account: anchored(
                r"(?i)(?:(?-u:\b)(?:account|acct|a/c|cuenta|iban|cbu|clabe|cliente|socio)(?-u:\b)(?:\s*(?:number|no\.?|num|#|número|numero|nº|n°))?|(?:账号|賬號|帳號|账户|賬戶|帳戶|户口|戶口)(?:号码|號碼)?|客戶號碼|客户号码|客戶編號|客户编号|會員號碼|会员号码|會員編號|会员编号)\s*(?:is|es|是|係|:|：|#)?\s*((?-i:[A-Z]{2}[0-9]{2}(?:[ ]?[A-Z0-9]){10,30})|[0-9０-９][0-9０-９ \-]{4,30}[0-9０-９])",
            ),
            booking: anchored(
                r"(?i)(?:(?-u:\b)(?:booking|reservation|confirmation|pnr|order|localizador|reserva|pedido|ref)(?-u:\b)(?:\s*(?:ref(?:erence)?|number|no\.?|code|#|número|numero|código|codigo))?|(?:订单号|訂單號|訂單編號|订单编号|订单|訂單|预订号|預訂號|預訂編號|预订编号|訂位編號|訂位代號|订位代号|訂位代碼|订位代码|确认号|確認號|確認編號|确认编号))\s*(?:is|es|是|係|:|：)?\s*#?\s*([A-Z0-9][A-Z0-9\-]{4,19})(?-u:\b)",
            ),
            digits: re(r"\+?[0-9](?:[ \-.]?[0-9]){6,22}"),
        }
    })
}

/// The Luhn checksum every payment card number satisfies.
pub fn luhn(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut d = u32::from(*d);
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum.is_multiple_of(10)
}

fn digits_of(s: &str) -> Vec<u8> {
    s.bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect()
}

fn is_card(s: &str) -> bool {
    let d = digits_of(s);
    (13..=19).contains(&d.len()) && luhn(&d)
}

/// Every alphanumeric character hidden except the last `keep`.
fn mask_keep_last(value: &str, keep: usize) -> String {
    let total = value.chars().filter(|c| c.is_alphanumeric()).count();
    let mut seen = 0;
    value
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                seen += 1;
                if seen + keep > total { c } else { '•' }
            } else {
                c
            }
        })
        .collect()
}

fn masked(kind: PiiKind, value: &str) -> String {
    match kind {
        PiiKind::Password | PiiKind::Otp => "••••••".to_string(),
        PiiKind::CardNumber | PiiKind::AccountNumber => mask_keep_last(value, 4),
        PiiKind::Phone => mask_keep_last(value, 2),
        PiiKind::BookingReference => mask_keep_last(value, 2),
        PiiKind::Email => match value.split_once('@') {
            Some((user, domain)) => {
                let first: String = user.chars().take(1).collect();
                format!("{first}•••@{domain}")
            }
            None => "•••".to_string(),
        },
    }
}

/// Which introduced values a word can start, as bits.
const PASSWORD: u8 = 1;
const OTP: u8 = 2;
const ACCOUNT: u8 = 4;
const BOOKING: u8 = 8;
/// The word introduces a value only as a whole word ("ref", not the start of "refund": each
/// introducing word found costs a regex search, ~800 instructions).
const WHOLE_WORD: u8 = 16;

/// Words that can introduce a value (lower-case; ASCII matched in any case), and which kinds.
pub(crate) const INTRODUCERS: &[(&str, u8)] = &[
    ("pass", PASSWORD),
    ("pwd", PASSWORD),
    ("pin", PASSWORD),
    ("contrase", PASSWORD),
    ("clave", PASSWORD),
    ("密码", PASSWORD),
    ("密碼", PASSWORD),
    ("otp", OTP),
    ("code", OTP),
    ("one-time", OTP),
    ("one time", OTP),
    ("verification", OTP),
    ("security", OTP),
    ("código", OTP),
    // The keyword scan folds ASCII case only: "CÓDIGO" needs its own capital Ó.
    ("cÓdigo", OTP),
    ("codigo", OTP),
    ("token", OTP),
    ("验证码", OTP),
    ("驗證碼", OTP),
    ("認證碼", OTP),
    ("动态码", OTP),
    ("動態碼", OTP),
    ("account", ACCOUNT),
    ("acct", ACCOUNT),
    ("a/c", ACCOUNT),
    ("cuenta", ACCOUNT),
    ("iban", ACCOUNT),
    ("cbu", ACCOUNT),
    ("clabe", ACCOUNT),
    ("账号", ACCOUNT),
    ("賬號", ACCOUNT),
    ("帳號", ACCOUNT),
    ("账户", ACCOUNT),
    ("賬戶", ACCOUNT),
    ("帳戶", ACCOUNT),
    ("户口", ACCOUNT),
    ("戶口", ACCOUNT),
    ("booking", BOOKING),
    ("reservation", BOOKING),
    ("confirmation", BOOKING),
    ("pnr", BOOKING),
    ("order", BOOKING),
    ("localizador", BOOKING),
    ("reserva", BOOKING),
    ("pedido", BOOKING),
    ("订单", BOOKING),
    ("訂單", BOOKING),
    ("预订", BOOKING),
    ("預訂", BOOKING),
    ("訂位", BOOKING),
    ("订位", BOOKING),
    ("确认号", BOOKING),
    ("確認號", BOOKING),
    ("确认编号", BOOKING),
    ("確認編號", BOOKING),
    ("ref", BOOKING | WHOLE_WORD),
    ("cliente", ACCOUNT | WHOLE_WORD),
    ("socio", ACCOUNT | WHOLE_WORD),
    ("客戶號碼", ACCOUNT),
    ("客户号码", ACCOUNT),
    ("客戶編號", ACCOUNT),
    ("客户编号", ACCOUNT),
    ("會員號碼", ACCOUNT),
    ("会员号码", ACCOUNT),
    ("會員編號", ACCOUNT),
    ("会员编号", ACCOUNT),
];

/// How far after its introducing word a value is looked for, in bytes (then to the end of
/// that word): "my account number is DE89 3704 0044 0532 0130 00" fits with room to spare.
const VALUE_WINDOW: usize = 120;

pub fn find(text: &str) -> Vec<PiiFinding> {
    find_with(text, None)
}

/// The introducing words in `text`: (index in [`INTRODUCERS`], start, end), one after
/// another (standard, non-overlapping search), in any case.
pub(crate) fn keywords_in(text: &str) -> Vec<(usize, usize, usize)> {
    (patterns().keywords.find_iter(text))
        .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
        .collect()
}

/// [`find`] with the introducing words already found, and the '@' counted, by the keyword
/// scan.
pub(crate) fn find_with(text: &str, scanned: Option<&KeywordHits>) -> Vec<PiiFinding> {
    let p = patterns();
    // An e-mail's '@' follows its local part; "@handle" mentions (most '@'s in social posts)
    // do not need the e-mail regex.
    let bytes = text.as_bytes();
    // The '@'s are found with `memchr` (a vector search) and the byte before each is read:
    // a pass over every pair of bytes cost ~120 instructions a post with a mention.
    let has_at = scanned.is_none_or(|s| s.ats > 0)
        && memchr::memchr_iter(b'@', bytes).any(|at| {
            at > 0 && {
                let before = bytes[at - 1];
                before.is_ascii_alphanumeric() || matches!(before, b'.' | b'_' | b'%' | b'+' | b'-')
            }
        });
    // A phone or card needs a run of 7+ digits: a post with fewer digits in all (most) has
    // none, which a branch-free count settles.
    let mut longest_digits = 0;
    if count_bytes(bytes, |b| b.is_ascii_digit()) >= 7 {
        let mut run_of_digits = 0;
        for &b in bytes {
            run_of_digits = if b.is_ascii_digit() {
                run_of_digits + 1
            } else if matches!(b, b' ' | b'-' | b'.') {
                run_of_digits
            } else {
                0
            };
            longest_digits = longest_digits.max(run_of_digits);
        }
    }
    // An introducing word starts a word ("pin", not "shopping"; "pass" in "passcode"); the
    // value is looked for right after it, so a regex never scans a whole long message.
    let searched;
    let keywords = match scanned {
        Some(found) => &found.introducers,
        None => {
            searched = keywords_in(text);
            &searched
        }
    };
    let introducers: Vec<(usize, usize, u8)> = (keywords.iter().copied())
        .filter(|&(keyword, start, end)| {
            let word_goes_on = || {
                text[end..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
            };
            let starts_a_word = !text[start..end].is_ascii()
                || !text[..start]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
            let whole_word_only = INTRODUCERS[keyword].1 & WHOLE_WORD != 0;
            starts_a_word && !(whole_word_only && word_goes_on())
        })
        .map(|(keyword, start, end)| (start, end, INTRODUCERS[keyword].1))
        .collect();
    // A phone or card needs a run of 7+ digits; e-mails an '@'; the rest an introducing
    // word. Most messages have none of these: nothing to look for.
    let digit_run = longest_digits >= 7;
    if !has_at && !digit_run && introducers.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(PiiKind, usize, usize)> = Vec::new();
    for &(start, end, kinds) in &introducers {
        let window = value_window(text, start, end);
        for (bit, re, kind) in [
            (PASSWORD, &p.password, PiiKind::Password),
            (OTP, &p.otp, PiiKind::Otp),
            (ACCOUNT, &p.account, PiiKind::AccountNumber),
            (BOOKING, &p.booking, PiiKind::BookingReference),
        ] {
            if kinds & bit != 0 {
                introduced_value(re, kind, window, start, &mut found);
            }
        }
    }
    if has_at {
        for m in p.email.find_iter(text) {
            found.push((PiiKind::Email, m.start(), m.end()));
        }
    }
    if digit_run {
        for m in p.digits.find_iter(text) {
            let value = m.as_str();
            let count = value.bytes().filter(u8::is_ascii_digit).count();
            if is_card(value) {
                found.push((PiiKind::CardNumber, m.start(), m.end()));
            } else if (8..=15).contains(&count) && !looks_like_date_or_amount(value) {
                found.push((PiiKind::Phone, m.start(), m.end()));
            }
        }
    }
    // Overlaps: the more specific kind wins (a card inside "account number …" is a card).
    found.sort_by_key(|(kind, start, _)| (*kind, *start));
    let mut accepted: Vec<PiiFinding> = Vec::new();
    for (kind, start, end) in found {
        if accepted.iter().any(|a| start < a.end && a.start < end) {
            continue;
        }
        accepted.push(PiiFinding {
            kind,
            start,
            end,
            masked: masked(kind, &text[start..end]),
        });
    }
    accepted.sort_by_key(|f| f.start);
    accepted
}

/// The text from an introducing word to [`VALUE_WINDOW`] bytes past it, ending at a word end.
fn value_window(text: &str, start: usize, end: usize) -> &str {
    let mut stop = (end + VALUE_WINDOW).min(text.len());
    while !text.is_char_boundary(stop) {
        stop += 1;
    }
    let stop = text[stop..]
        .find(char::is_whitespace)
        .map_or(text.len(), |at| stop + at);
    &text[start..stop]
}

/// The value `re` captures after its introducing word; `window` starts at byte `offset`.
fn introduced_value(
    re: &Regex,
    kind: PiiKind,
    window: &str,
    offset: usize,
    found: &mut Vec<(PiiKind, usize, usize)>,
) {
    // Only a value introduced by this keyword (`re` is anchored at the window's start): a
    // match further on belongs to a later keyword, whose own window holds all of it (an
    // earlier window may cut it short).
    // The first group that took part (a pattern may have one per form).
    let Some(m) = re
        .captures(window)
        .and_then(|c| c.iter().skip(1).flatten().next())
    else {
        return;
    };
    let value = m.as_str().trim_end();
    let kind = if kind == PiiKind::AccountNumber && is_card(value) {
        PiiKind::CardNumber
    } else {
        kind
    };
    // A booking "reference" of letters only is a word ("order status"), unless it is
    // written in capitals like a real code ("XKPQRT").
    if kind == PiiKind::BookingReference
        && !value.bytes().any(|b| b.is_ascii_digit())
        && !(value.len() == 6 && value.bytes().all(|b| b.is_ascii_uppercase()))
    {
        return;
    }
    let start = offset + m.start();
    found.push((kind, start, start + value.len()));
}

/// "2024-11-25", "12.500.000" and similar digit runs are not phone numbers.
fn looks_like_date_or_amount(value: &str) -> bool {
    let groups: Vec<&str> = value.split(['-', '.', ' ']).collect();
    // Year, month, day: "0912-345-678" (a Taiwanese mobile) is no date.
    let date = groups.len() == 3
        && groups[0].len() == 4
        && groups[1].len() <= 2
        && groups[2].len() <= 2
        && value.contains('-');
    let thousands = value.contains('.') && groups[1..].iter().all(|g| g.len() == 3);
    date || thousands
}

/// `text` with the findings' values replaced by their masked forms (`only` picks which).
pub fn mask(text: &str, findings: &[PiiFinding], only: impl Fn(PiiKind) -> bool) -> String {
    mask_spans(
        text,
        findings
            .iter()
            .filter(|f| only(f.kind))
            .map(|f| (f.start, f.end, f.masked.as_str())),
    )
}

/// `text` with each (start, end) byte span, in order, replaced by its masked form.
pub fn mask_spans<'a>(
    text: &str,
    spans: impl IntoIterator<Item = (usize, usize, &'a str)>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, masked) in spans {
        // Spans may come from a stored analysis; ignore any that do not fit this text.
        if start < at
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(masked);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests;
