//! The cues on whole messages: requests for help, sarcastic thanks, complaints and the
//! sarcasm of praised problems.

use super::super::{Analysis, Input, TopicRules, analyze, multilingual};
use super::*;

/// A private message's analysis with the default rules.
pub(crate) fn analysed(text: &str) -> Analysis {
    let input = Input {
        text,
        ..Input::default()
    };
    analyze(&input, &TopicRules::defaults())
}

/// A problem that has lasted since some time is a complaint, though no word of it
/// scores.
#[test]
fn a_lasting_problem_is_a_complaint() {
    // Opening with "no complaints" praises; "no problems" elsewhere can be a complaint.
    for text in [
        "No complaints, everything arrived on time",
        "No problems with the delivery, arrived early",
    ] {
        let s = analysed(text).sentiment.unwrap();
        assert_eq!(s.label, "positive", "{text}: {s:?}");
    }
    let s = analysed(
        "lol the outage map says no problems in my area while the whole street is offline",
    );
    let notes: Vec<_> = (s.sentiment.unwrap().reasons.into_iter())
        .filter_map(|r| r.note)
        .collect();
    assert!(
        notes.iter().any(|n| &**n == "complaint: outage with 'no'"),
        "{notes:?}"
    );
    let s = analysed("My internet has been down since this morning, any ETA?")
        .sentiment
        .unwrap();
    assert_eq!(s.label, "negative");
    let note = s.reasons[0].note.as_deref().unwrap_or_default();
    assert_eq!(note, "complaint: outage with 'since'");
    let s = analysed("等咗成個禮拜都未有人覆").sentiment.unwrap();
    assert_eq!(s.label, "negative", "{s:?}");
    let s = analysed("El servicio está caído desde el lunes")
        .sentiment
        .unwrap();
    assert_eq!(s.label, "negative", "{s:?}");
}

#[test]
fn a_demand_for_ones_money_back_is_a_complaint() {
    for (text, marker) in [
        ("I want a refund now!!!", "want a refund"),
        ("I want my money back", "want my money"),
        ("Quiero mi dinero de vuelta", "quiero mi dinero"),
        ("我要退款", "我要退"),
    ] {
        let s = analysed(text).sentiment.unwrap();
        assert_eq!(s.label, "negative", "{text}: {s:?}");
        let note = s.reasons.iter().find_map(|r| r.note.as_deref());
        assert_eq!(
            note,
            Some(format!("complaint: refund with '{marker}'").as_str())
        );
    }
    // Asking how is no demand.
    let s = analysed("How do I get a refund?").sentiment.unwrap();
    assert_ne!(s.label, "negative", "{s:?}");
}

#[test]
fn a_negated_problem_is_no_complaint() {
    let label = |text: &str| {
        let a = analysed(text);
        (
            a.sentiment.unwrap().label,
            a.topics.first().map(|t| t.topic.to_string()),
        )
    };
    let delay = Some("delay".to_string());
    assert_eq!(
        label("The flight was not delayed"),
        ("positive", delay.clone())
    );
    assert_eq!(
        label("My flight is delayed and nobody answers").0,
        "negative"
    );
    // "No more ..." asks for an end to the problem: still a complaint.
    assert_eq!(label("No more delayed flights please").0, "negative");
    // Spanish "no" is a verb's negation ("no fue"), unlike the English "no".
    assert_eq!(
        label("El vuelo no fue cancelado"),
        ("positive", Some("cancellation".to_string()))
    );
    assert_eq!(label("终于不会一直闪退了").0, "positive");
    assert_eq!(label("又闪退").0, "negative");
}

/// Each scorer tells what kind of word negated a reason's word, as its note names it.
#[test]
fn reasons_know_their_negator() {
    use sentiment::Negator;
    let negators = |s: sentiment::Sentiment| -> Vec<(String, Negator)> {
        (s.reasons.into_iter())
            .map(|r| (r.token.to_string(), r.negator))
            .collect()
    };
    assert_eq!(
        negators(sentiment::analyze("NOT good, no good, nothing good, good")),
        [
            ("good".to_string(), Negator::Verb),
            ("good".to_string(), Negator::Noun),
            ("good".to_string(), Negator::Noun),
            ("good".to_string(), Negator::None),
        ]
    );
    assert_eq!(
        negators(multilingual::spanish("no es bueno, nada bueno")),
        [
            ("bueno".to_string(), Negator::Verb),
            ("bueno".to_string(), Negator::Noun),
        ]
    );
    assert_eq!(
        negators(multilingual::chinese("航班没有延误")),
        [("延误".to_string(), Negator::Verb)]
    );
    assert_eq!(Negator::spanish("Nadie"), Negator::Noun);
    assert_eq!(Negator::english("never"), Negator::Verb);
}

/// "Please" and "help" in a message about a problem ask for something: no praise.
#[test]
fn a_request_about_a_problem_is_no_praise() {
    let scored = |text: &str| {
        let s = analysed(text).sentiment.unwrap();
        let words: Vec<String> = s.reasons.iter().map(|r| r.token.to_string()).collect();
        (s.label, words)
    };
    assert_eq!(
        scored("Please help, my order never arrived"),
        ("negative", vec!["never arrived".to_string()])
    );
    assert_eq!(
        scored("Can you please help me with my refund?"),
        ("neutral", vec![])
    );
    // The emphasis goes with the words it stressed.
    assert_eq!(scored("Please help!!! my refund"), ("neutral", vec![]));
    let (label, words) = scored("Please help!!! my refund is wrong");
    assert_eq!((label, words.len()), ("negative", 2), "{words:?}");
    // Thanks stay thanks; without a problem, a request keeps VADER's reading.
    assert_eq!(scored("Thanks for your help with my refund").0, "positive");
    assert_eq!(scored("please help me").0, "positive");
    // 唔該 ("please") is no negation 唔: asking about a refund is no complaint.
    assert_eq!(scored("唔該幫我查下我嘅退款"), ("neutral", vec![]));
    assert_eq!(scored("我嘅退款仲未到").0, "negative");
}

/// Praise of a problem that keeps coming back is sarcasm; praise with a mere question is
/// not.
#[test]
fn praise_of_a_recurring_problem_is_sarcasm() {
    let scored = |text: &str| {
        let s = analysed(text).sentiment.unwrap();
        let note = (s.reasons.iter())
            .find_map(|r| r.note.as_deref().filter(|n| n.contains("sarcasm")))
            .map(str::to_string);
        (s.label, note)
    };
    let (label, note) = scored("Great, another delayed flight. Just what I needed.");
    assert_eq!(label, "negative");
    assert_eq!(
        note.as_deref(),
        Some("read as sarcasm: praise in a complaint (delay, 'another')")
    );
    assert_eq!(scored("Oh wonderful, my bag is lost again").0, "negative");
    let (label, note) = scored("great, just great. flight cancelled");
    assert_eq!(label, "negative");
    assert_eq!(
        note.as_deref(),
        Some("read as sarcasm: praise in a complaint (cancellation, 'great, just great')")
    );
    // "Just perfect" alone is often meant.
    assert_eq!(
        scored("The refund arrived in 2 hrs, just perfect"),
        ("positive", None)
    );
    assert_eq!(
        scored("Genial, otra vez el vuelo de Madrid está retrasado").0,
        "negative"
    );
    // A long wait praised is sarcasm; so is Chinese praise of a recurring or long delay.
    for (text, marker) in [
        ("Genial, llevo dos horas en espera", "horas"),
        ("Great, 3 hours on hold", "hours"),
        ("wow. just wow. 3 hrs on the tarmac", "hrs"),
        ("服务真好，排队排了两个小时", "小时"),
        ("多謝晒，班機又延誤", "又"),
    ] {
        let (label, note) = scored(text);
        assert_eq!(label, "negative", "{text}");
        assert_eq!(
            note.as_deref(),
            Some(format!("read as sarcasm: praise in a complaint (delay, '{marker}')").as_str()),
            "{text}"
        );
    }
    // Thanks made sarcastic by the cue is not gratitude.
    let thanked = analysed("谢谢你们让我等了三个小时");
    assert_eq!(thanked.sentiment.unwrap().label, "negative");
    let topics: Vec<_> = thanked.topics.iter().map(|t| t.topic.as_str()).collect();
    assert_eq!(topics, ["delay"]);
    // A duration with another problem is no sarcasm: the refund came, in days.
    assert_eq!(scored("Great, my refund came in 3 days").1, None);
    // Not every kind of marker: "why" asks, it does not repeat.
    let why = "Love watching people trying to figure out which black suitcase is theirs. \
               That's why mine is pink.";
    assert_eq!(scored(why), ("positive", None));
    // "Can't believe" is no complaint marker.
    let fast = "can't believe how easy that was, refund done in 2 minutes. impressed";
    assert_eq!(scored(fast), ("positive", None));
    // Praise of something else than the problem stays praise.
    assert_eq!(scored("Thanks, the outage is fixed now").0, "positive");
}

#[test]
fn sarcastic_thanks_is_not_gratitude() {
    let rules = TopicRules::defaults();
    let topics_of = |text: &str| -> Vec<String> {
        let input = Input {
            text,
            ..Input::default()
        };
        analyze(&input, &rules)
            .topics
            .into_iter()
            .map(|t| t.topic.to_string())
            .collect()
    };
    assert!(topics_of("Thank you so much, all sorted!").contains(&"thanks".to_string()));
    for sarcastic in [
        "Thanks for nothing, worst service ever",
        "THANK YOU FOR NOTHING",
        "Otro retraso. Gracias por nada 🙃",
        "thanks for wasting my whole afternoon",
    ] {
        assert!(
            !topics_of(sarcastic).contains(&"thanks".to_string()),
            "{sarcastic}"
        );
    }
}

/// A one-word verdict closing a message about a problem that plainly went wrong is deadpan
/// sarcasm; after good news it is praise.
#[test]
fn a_deadpan_verdict_after_a_problem_is_sarcasm() {
    for (text, note) in [
        (
            "Tracking says 'out for delivery' for the 4th day in a row. Sure.",
            "'in a row'",
        ),
        ("My bag never arrived. Fantastic.", "'fantastic'"),
        ("Me cobraron dos veces. Genial.", "'genial'"),
        (
            "Flight delayed for the third day in a row. Lovely 🙃",
            "'in a row'",
        ),
    ] {
        let s = analysed(text).sentiment.unwrap();
        assert_eq!(s.label, "negative", "{text}: {s:?}");
        assert!(
            (s.reasons.iter()).any(|r| r.note.as_ref().is_some_and(|n| n.contains(note))),
            "{text}: {s:?}"
        );
    }
    for text in [
        "My parcel arrived today. Perfect.",
        "Refund came through. Brilliant.",
        "Outage fixed in an hour. Great.",
        // Not a sentence of its own.
        "Are you sure the refund never arrived",
    ] {
        let a = analysed(text);
        let s = a.sentiment.unwrap();
        assert!(
            !(s.reasons.iter()).any(|r| r.note.as_ref().is_some_and(|n| n.contains("sarcasm"))),
            "{text}: {s:?}"
        );
    }
    assert_eq!(deadpan_verdict("Late again. Sure."), Some("sure"));
    assert_eq!(deadpan_verdict("Sure."), None);
    assert_eq!(deadpan_verdict("I am sure"), None);
    assert_eq!(
        deadpan_verdict("Lo dejó tirado. ¡Increíble!"),
        Some("increíble")
    );
}

/// Complaints told without a sentiment word: an unanswered customer, a broken promise, a
/// slow service.
#[test]
fn unanswered_late_and_slow_are_complaints() {
    for (text, note) in [
        (
            "Please respond, it's been a week",
            "complaint: delay with 'been a week'",
        ),
        (
            "Why is nobody answering the phone??",
            "complaint: delay with 'nobody'",
        ),
        (
            "My order was supposed to arrive yesterday",
            "complaint: delivery with 'supposed to'",
        ),
        (
            "Your express delivery is slower than a carrier pigeon",
            "complaint: delivery with 'slow'",
        ),
    ] {
        let s = analysed(text).sentiment.unwrap();
        assert_eq!(s.label, "negative", "{text}: {s:?}");
        assert!(
            (s.reasons.iter()).any(|r| r.note.as_deref() == Some(note)),
            "{text}: {s:?}"
        );
    }
    // Praise before "but" and a slow delivery after it: no longer praise.
    let a = analysed("Pretty good but shipping was slow");
    assert_ne!(a.sentiment.unwrap().label, "positive");
    assert!(a.topics.iter().all(|t| t.topic != "praise"));
}
