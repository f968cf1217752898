//! Personal data in message text, as each role sees it. The stored text is never changed.
//!
//! - Secrets (card numbers, passwords, one-time codes) are masked for every role: nobody on
//!   the team needs them, and an agent must not be able to read them back to anyone.
//! - Contact details and references (phones, e-mails, account and booking numbers) are shown
//!   to the roles that act on conversations, who need them to help; others (analysts) see
//!   them masked.
//! - Conversation previews are stored with everything masked, since every role sees lists.

use earshot_api::{Message, PiiFinding};

use crate::analysis::pii::{self, PiiKind};

/// `text` with the secrets among the stored findings masked.
pub fn mask_secrets(text: &str, findings: &[PiiFinding]) -> String {
    pii::mask_spans(
        text,
        findings
            .iter()
            .filter(|f| PiiKind::parse(&f.kind).is_some_and(PiiKind::is_secret))
            .map(|f| (f.start, f.end, f.masked.as_str())),
    )
}

/// For roles that do not act on conversations: every remaining piece of personal data in an
/// already secret-masked message is masked too (found again in the text as shown).
pub fn hide_contact_details(message: &mut Message) {
    let found = pii::find(&message.text);
    if !found.is_empty() {
        message.text = pii::mask(&message.text, &found, |_| true);
    }
}
