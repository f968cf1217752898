//! `@mentions` in notes: `@Jane`, `@Jane Doe` or `@jane.doe` (the email's local part).

use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::db::stmt;
use crate::error::AppResult;

#[derive(FromQueryResult)]
struct Person {
    id: i64,
    name: String,
    email: String,
}

fn mentions(text_lower: &str, handle: &str) -> bool {
    let needle = format!("@{}", handle.to_lowercase());
    let mut from = 0;
    while let Some(pos) = text_lower[from..].find(&needle) {
        let end = from + pos + needle.len();
        let mut rest = text_lower[end..].chars();
        let boundary = match rest.next() {
            None => true,
            // "@jane." ends a sentence; "@jane.doe" is someone else.
            Some('.') => rest.next().is_none_or(|c| !c.is_alphanumeric()),
            Some(c) => !c.is_alphanumeric() && c != '_',
        };
        if boundary {
            return true;
        }
        from = end;
    }
    false
}

/// Active users (other than the author) mentioned in the text.
pub async fn mentioned_users(
    db: &impl ConnectionTrait,
    author_id: i64,
    text: &str,
) -> AppResult<Vec<i64>> {
    if !text.contains('@') {
        return Ok(vec![]);
    }
    let people = Person::find_by_statement(stmt(
        "SELECT id, name, email FROM users WHERE active AND password_hash IS NOT NULL AND id <> ?",
        vec![author_id.into()],
    ))
    .all(db)
    .await?;
    let lower = text.to_lowercase();
    Ok(people
        .into_iter()
        .filter(|p| {
            let first = p.name.split_whitespace().next().unwrap_or("");
            let local = p.email.split('@').next().unwrap_or("");
            [p.name.as_str(), first, local]
                .iter()
                .any(|h| !h.is_empty() && mentions(&lower, h))
        })
        .map(|p| p.id)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::mentions;

    #[test]
    fn mentions_need_a_word_boundary() {
        assert!(mentions("ask @jane about it", "Jane"));
        assert!(mentions("@jane doe, see this", "Jane Doe"));
        assert!(mentions("cc @jane.", "jane"));
        assert!(!mentions("ask @janet", "jane"));
        assert!(!mentions("mail jane@example.com", "example"));
    }
}
