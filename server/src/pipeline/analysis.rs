//! The pipeline's analysis hook: what the channel knows about an inbound item, handed to
//! [`crate::analysis::analyze`], and the parts of the result the inbox stores as columns.

use earshot_api::InboundItem;

use crate::analysis::spam::Fingerprints;
use crate::analysis::{self, Analysis, AuthorSignals, Input, TopicRules};

pub struct Analysed {
    pub analysis: Analysis,
    /// What a public post exposed ("a card number"), flagged on its conversation.
    pub pii_exposed: Option<&'static str>,
    /// The whole analysis as stored in `messages.analysis` (reasons shown on hover).
    pub json: String,
}

impl Analysed {
    pub fn language(&self) -> Option<String> {
        self.analysis.language.as_ref().map(|l| l.code.to_string())
    }

    pub fn sentiment(&self) -> Option<(String, f64)> {
        self.analysis
            .sentiment
            .as_ref()
            .map(|s| (s.label.to_string(), s.score))
    }

    /// The inbox's priority rank (0 low … 3 urgent) for the score's band.
    pub fn priority_rank(&self) -> i64 {
        rank_of_band(self.analysis.priority.band)
    }
}

/// The inbox's priority rank (0 low … 3 urgent) for a priority score's band.
pub fn rank_of_band(band: &str) -> i64 {
    match band {
        "urgent" => 3,
        "high" => 2,
        "normal" => 1,
        _ => 0,
    }
}

/// `namespace` is where the author's id is unique (see `identity_namespace`); `vip` says the
/// author's contact is a VIP; `received_at` dates items that carry no time of their own.
pub fn analyze(
    item: &InboundItem,
    rules: &TopicRules,
    recent: &mut Fingerprints,
    namespace: &str,
    vip: bool,
    received_at: i64,
) -> Analysed {
    let written_at = item.created_at.unwrap_or(received_at);
    let input = Input {
        text: &item.text,
        language_hint: item.lang.as_deref(),
        public: item.kind != "private",
        // A DM or a mention is written to the brand; a comment in a public thread may not be.
        direct: item.kind != "public",
        vip,
        author: AuthorSignals {
            handle: item.author.handle.clone(),
            followers: item.author.followers,
            following: item.author.following,
            // An account "created" after the message is a platform's clock error: unknown.
            account_age_days: (item.author.account_created_at)
                .filter(|created| *created <= written_at)
                .map(|created| (written_at - created) / 86_400),
            bot: item.author.bot,
        },
        engagement: item.engagement.as_ref().map(|e| e.score()),
    };
    let author = format!("{namespace}:{}", item.author.id);
    let analysis = analysis::analyze_in_stream(&input, rules, recent, &author);
    let json = serde_json::to_string(&analysis).unwrap_or_else(|_| "{}".into());
    let pii_exposed = input
        .public
        .then(|| analysis.pii.first().map(|f| f.kind.label()))
        .flatten();
    Analysed {
        analysis,
        pii_exposed,
        json,
    }
}
