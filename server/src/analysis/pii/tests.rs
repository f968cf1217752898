//! The PII guard on each kind, in three languages, and the forms customers write.

use super::*;

fn kinds(text: &str) -> Vec<&'static str> {
    find(text).iter().map(|f| f.kind.as_str()).collect()
}

/// Forms customers write that the first patterns missed.
#[test]
fn finds_values_a_few_words_after_their_keyword_and_other_forms() {
    // A code a few words on (6 to 8 digits), not a short number or a word.
    assert_eq!(
        kinds("the verification code you sent is 482913, pls"),
        ["otp"]
    );
    assert_eq!(kinds("El código que me llegó es 904126"), ["otp"]);
    assert!(kinds("use the code you got for 20% off").is_empty());
    assert!(kinds("promo code valid until 2025").is_empty());
    // "ref" alone, and the Chinese booking and customer numbers.
    assert_eq!(
        kinds("DM'd you my booking, ref LQ7M2D"),
        ["booking_reference"]
    );
    assert!(kinds("my refund LQ7M2D").is_empty());
    assert_eq!(kinds("訂位代號 KM5T2R"), ["booking_reference"]);
    assert_eq!(kinds("預訂編號 HK7R2M"), ["booking_reference"]);
    assert_eq!(kinds("我客戶號碼係 60028731"), ["account_number"]);
    // A customer number is an account, not a phone.
    assert_eq!(
        kinds("mi número de cliente es 7731004218"),
        ["account_number"]
    );
    assert_eq!(kinds("clientes 7731004218"), ["phone"]);
    // A Taiwanese mobile is no date; a date is still none.
    assert_eq!(kinds("我的電話是 0912-345-678"), ["phone"]);
    assert!(kinds("I called on 2024-11-25 about it").is_empty());
}

#[test]
fn finds_each_kind_in_three_languages() {
    assert_eq!(
        kinds("my card 4111 1111 1111 1111 was charged twice"),
        ["card_number"]
    );
    // Not Luhn-valid: not a card (and too long for a phone).
    assert_eq!(kinds("ref 4111 1111 1111 1112"), Vec::<&str>::new());
    assert_eq!(kinds("my password is Tiger2024!"), ["password"]);
    assert_eq!(kinds("I need a password reset"), Vec::<&str>::new());
    assert_eq!(kinds("the code is 482913"), ["otp"]);
    assert_eq!(kinds("验证码是 839201"), ["otp"]);
    assert_eq!(kinds("mi contraseña es perro123"), ["password"]);
    assert_eq!(
        kinds("account number 12345678, please check"),
        ["account_number"]
    );
    assert_eq!(kinds("booking ref XK4P9Q"), ["booking_reference"]);
    assert_eq!(kinds("localizador: ABC123"), ["booking_reference"]);
    assert_eq!(kinds("订单号 20241125001 还没发货"), ["booking_reference"]);
    assert_eq!(kinds("call me on +1 415 555 0132"), ["phone"]);
    assert_eq!(kinds("打 9123 4567 搵我"), ["phone"]);
    assert_eq!(kinds("write to ana.perez@example.com"), ["email"]);
    assert_eq!(kinds("on 2024-11-25 I paid 12.500.000"), Vec::<&str>::new());
    assert!(kinds("no numbers here").is_empty());
    // Non-ASCII capitals and full-width digits (Chinese keyboards).
    assert_eq!(kinds("me piden el CÓDIGO: 482913"), ["otp"]);
    assert_eq!(kinds("验证码是１２３４５６"), ["otp"]);
    assert_eq!(
        kinds("账号：６２２２０２１２３４５６７８"),
        ["account_number"]
    );
    // A value is read from its own keyword, so an earlier keyword's window (which ends
    // 120 bytes on) cannot cut it short.
    let text = "My account was closed without notice and they have kept all my money for weeks \
                now, so please refund to account DE89 3704 0044 0532 0130 00 today";
    let found = find(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        &text[found[0].start..found[0].end],
        "DE89 3704 0044 0532 0130 00"
    );
}

#[test]
fn masks_values_but_keeps_the_rest() {
    let text = "card 4111 1111 1111 1111, mail ana@example.com";
    let found = find(text);
    assert_eq!(found[0].masked, "•••• •••• •••• 1111");
    assert_eq!(
        mask(text, &found, |_| true),
        "card •••• •••• •••• 1111, mail a•••@example.com"
    );
    assert_eq!(
        mask(text, &found, PiiKind::is_secret),
        "card •••• •••• •••• 1111, mail ana@example.com"
    );
    // Stale spans never panic.
    assert_eq!(mask("short", &found, |_| true), "short");
}
