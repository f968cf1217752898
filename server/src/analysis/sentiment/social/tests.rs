//! Earshot's social rules on customer-service text: sarcasm, thanks for nothing, ordeals,
//! contempt, "can't believe", and what the faithful VADER port reads otherwise.

use super::super::tests::note_of;
use super::super::{Label, analyze, analyze_vader};

#[test]
fn social_rules_for_customer_service_text() {
    // Praise followed by a complaint reads as sarcasm, and says so.
    let s = analyze("Great. My flight is delayed again, worst airline.");
    assert_eq!(s.label, Label::Negative);
    assert!(note_of(&s, "Great").contains("sarcasm"));
    assert_eq!(
        analyze("Thanks, another useless answer").label,
        Label::Negative
    );
    // A negated positive is not a trigger, and praise alone stays praise.
    assert_eq!(
        analyze("Thanks, the refund arrived, great work").label,
        Label::Positive
    );
    assert_eq!(
        analyze("Wow. I've never won that one.").label,
        Label::Positive
    );
    // An eye-roll makes praise sarcasm wherever it stands; a smile does not.
    for text in [
        "Great service 🙄",
        "🙄 thanks a lot",
        "Great, another delay at the gate. Thanks a lot 😒",
    ] {
        let s = analyze(text);
        assert_eq!(s.label, Label::Negative, "{text}: {s:?}");
        assert!(
            s.reasons[0]
                .note
                .as_deref()
                .unwrap()
                .contains("sarcasm: with '")
        );
    }
    assert_eq!(analyze("Great service 😊").label, Label::Positive);
    // Praise of an ordeal is sarcasm, and so is the other praise when all of it is the kind
    // customers use so; praise of anything else is not.
    for (text, ordeal, praise) in [
        (
            "Love waiting 3 hours on hold. Great service.",
            "waiting",
            &["Love", "Great"][..],
        ),
        (
            "I just LOVE being put on hold",
            "being put on hold",
            &["LOVE"],
        ),
        (
            "Really enjoying having to call you five times",
            "having to call",
            &["enjoying"],
        ),
        (
            "loving getting charged twice, amazing",
            "getting charged",
            &["loving", "amazing"],
        ),
    ] {
        let s = analyze(text);
        assert_eq!(s.label, Label::Negative, "{text}: {s:?}");
        for word in praise {
            let note = note_of(&s, word);
            assert!(
                note.contains(&format!("sarcasm: praise of '{ordeal}'")),
                "{text}: {s:?}"
            );
        }
    }
    let s = analyze("Love waiting on hold for my refund but the agent was helpful");
    assert!(
        note_of(&s, "Love").contains("praise of 'waiting on hold'"),
        "{s:?}"
    );
    assert_eq!(note_of(&s, "helpful"), "after 'but' (×1.5)");
    for text in [
        "Love being on the team",
        "I love spending time with my wife",
        "Enjoy the ride, waiting is over",
        "Love waiting for your new collection every season!",
        "I enjoy having to choose between so many good options",
    ] {
        assert_eq!(analyze(text).label, Label::Positive, "{text}");
    }
    assert_eq!(analyze("Lovely crew, so helpful 🙄").label, Label::Positive);
    // "A joke" of the service is contempt; a joke told is not.
    for text in [
        "this is a joke",
        "What a joke.",
        "Absolute joke",
        "your service is such a joke",
    ] {
        let s = analyze(text);
        assert_eq!(s.label, Label::Negative, "{text}: {s:?}");
        assert!(
            s.reasons[0].note.as_deref().unwrap().contains("contempt"),
            "{text}"
        );
    }
    assert_eq!(analyze("that was a funny joke lol").label, Label::Positive);
    // "This is how you treat" loyal customers is indignation; a treat is a treat.
    let s = analyze("I have been a loyal customer for 10 years and this is how you treat me");
    assert_eq!(s.label, Label::Negative, "{s:?}");
    assert_eq!(note_of(&s, "treat"), "indignation: 'how you treat'");
    assert_eq!(analyze("what a lovely treat").label, Label::Positive);
    // "Can't believe" is surprise, not a negation (VADER negates what follows).
    let easy = "can't believe how easy that was";
    assert_eq!(analyze(easy).label, Label::Positive);
    assert_eq!(analyze_vader(easy).label, Label::Negative);
    assert_eq!(
        analyze("Can't believe there's no merch table").label,
        Label::Negative
    );
    assert_eq!(
        analyze("I CANNOT BELIEVE how good this is").label,
        Label::Positive
    );
    assert_eq!(
        analyze("I can not believe how good this is").label,
        Label::Positive
    );
    // Other uses stay negations.
    assert_eq!(analyze("I can't recommend them").label, Label::Negative);
    assert_eq!(
        analyze("I don't believe good things").label,
        Label::Negative
    );
    // A repeated "no" is emphasis, not a double negation (VADER reads it as positive).
    assert!(analyze_vader("NO NO NO").compound > 0.0);
    assert_eq!(analyze("NO NO NO").label, Label::Negative);
    // Laughter and emoticons are not negated.
    assert_eq!(analyze("I have no idea lol").label, Label::Positive);
    assert_eq!(analyze("Nope :-)").label, Label::Positive);
    // "D:" is the dismayed face (VADER's lexicon lists it twice and keeps the positive one).
    assert_eq!(analyze("the app crashed again D:").label, Label::Negative);
    // Words that carry no sentiment in customer-service text are taken out of the lexicon
    // (VADER's has "number" at +0.3, "interest" at +2.0); the faithful port keeps them.
    for text in [
        "Can I get an invoice? Order number A1234567",
        "Why did the interest rate on my savings change?",
    ] {
        assert_eq!(analyze(text).label, Label::Neutral, "{text}");
        assert_eq!(analyze_vader(text).label, Label::Positive, "{text}");
    }
}

/// A plea for help scores nothing; help received keeps its praise, and the faithful VADER
/// port its reading.
#[test]
fn a_plea_for_help_is_no_praise() {
    let help_scored =
        |text: &str| (analyze(text).reasons.iter()).any(|r| r.token.eq_ignore_ascii_case("help"));
    for plea in [
        "Card's in my hand. HELP",
        "HELP ME",
        "Help me get my money back",
        "please help, the app is down",
        "Can someone help? My order never came",
        "I need help with my booking",
    ] {
        assert!(!help_scored(plea), "{plea}");
    }
    for received in [
        "Thanks for the help",
        "You were a great help",
        "Your agent tried to help and was lovely",
    ] {
        assert!(help_scored(received), "{received}");
    }
    assert!(analyze_vader("HELP ME").compound > 0.0);
}
