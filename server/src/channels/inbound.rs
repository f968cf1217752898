//! The API channel's inbound endpoint: verify the HMAC signature over the raw body, parse
//! one item or a batch (naming the first bad field), and hand the items to the pipeline.

use earshot_api::InboundItem;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::service::ChannelRow;
use crate::error::{AppError, AppResult};

pub const SIGNATURE_HEADER: &str = "X-Earshot-Signature";

/// Items per request; larger imports are split by the sender.
pub const MAX_BATCH: usize = 1000;

/// `sha256=<hex>` of HMAC-SHA256(secret, body).
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Constant-time check of the signature header.
pub fn verify(secret: &str, body: &[u8], header: Option<&str>) -> AppResult<()> {
    let unauthorized = |message: &str| AppError::Unauthenticated {
        code: "invalid_signature",
        message: message.into(),
    };
    let header = header.ok_or_else(|| unauthorized("Sign the body: X-Earshot-Signature: sha256=<hex HMAC-SHA256 of the raw body with the channel secret>."))?;
    let hex_sig = header
        .trim()
        .strip_prefix("sha256=")
        .ok_or_else(|| unauthorized("The signature must look like sha256=<hex>."))?;
    let expected =
        hex::decode(hex_sig).map_err(|_| unauthorized("The signature is not hexadecimal."))?;
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    mac.verify_slice(&expected).map_err(|_| {
        unauthorized("The signature does not match this channel's secret and the body.")
    })
}

/// Parses `{...}` (one item) or `{"items": [...]}`; errors name the item and the field.
pub fn parse_items(body: &[u8]) -> AppResult<Vec<InboundItem>> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        AppError::invalid("malformed_json", format!("The body is not valid JSON: {e}"))
    })?;
    let (raw_items, batch) = match value {
        serde_json::Value::Object(mut map) if map.contains_key("items") => {
            if map.len() > 1 {
                return Err(AppError::invalid(
                    "invalid_field",
                    "A batch has only the field `items`.",
                ));
            }
            match map.remove("items") {
                Some(serde_json::Value::Array(items)) => (items, true),
                _ => {
                    return Err(AppError::invalid(
                        "invalid_field",
                        "`items` must be an array of items.",
                    ));
                }
            }
        }
        serde_json::Value::Object(map) => (vec![serde_json::Value::Object(map)], false),
        _ => {
            return Err(AppError::invalid(
                "invalid_field",
                "Send one item as a JSON object, or {\"items\": [...]}.",
            ));
        }
    };
    if raw_items.is_empty() {
        return Err(AppError::invalid("empty_batch", "`items` is empty."));
    }
    if raw_items.len() > MAX_BATCH {
        return Err(AppError::invalid(
            "batch_too_large",
            format!("At most {MAX_BATCH} items per request."),
        ));
    }
    let mut items = Vec::with_capacity(raw_items.len());
    for (i, raw) in raw_items.into_iter().enumerate() {
        let at = if batch {
            format!("items[{i}]: ")
        } else {
            String::new()
        };
        let item: InboundItem = serde_json::from_value(raw)
            .map_err(|e| AppError::invalid("invalid_field", format!("{at}{e}")))?;
        check_item(&item).map_err(|m| AppError::invalid("invalid_field", format!("{at}{m}")))?;
        items.push(item);
    }
    Ok(items)
}

fn check_item(item: &InboundItem) -> Result<(), String> {
    let id_ok =
        |s: &str| !s.trim().is_empty() && s.len() <= 256 && !s.chars().any(char::is_control);
    if !id_ok(&item.external_id) {
        return Err("`external_id` must be 1 to 256 characters without control characters.".into());
    }
    if !id_ok(&item.author.id) {
        return Err("`author.id` must be 1 to 256 characters without control characters.".into());
    }
    if !matches!(item.kind.as_str(), "private" | "public" | "mention") {
        return Err(format!(
            "`kind` is {:?}; use private, public or mention.",
            item.kind
        ));
    }
    if item.text.trim().is_empty() {
        return Err("`text` is empty.".into());
    }
    if item.text.len() > 64 * 1024 {
        return Err("`text` is longer than 64 KB.".into());
    }
    for (name, v) in [
        ("reply_to_id", &item.reply_to_id),
        ("thread_root_id", &item.thread_root_id),
    ] {
        if v.as_deref().is_some_and(|s| !id_ok(s)) {
            return Err(format!("`{name}` must be 1 to 256 characters."));
        }
    }
    let unix_seconds = |t: &Option<i64>| t.is_none_or(|t| (0..=4_102_444_800).contains(&t));
    if !unix_seconds(&item.created_at) {
        return Err("`created_at` must be Unix seconds.".into());
    }
    if !unix_seconds(&item.author.account_created_at) {
        return Err("`author.account_created_at` must be Unix seconds.".into());
    }
    let counts = [
        ("author.followers", item.author.followers),
        ("author.following", item.author.following),
    ]
    .into_iter()
    .chain(item.engagement.iter().flat_map(|e| {
        [
            ("engagement.likes", Some(e.likes)),
            ("engagement.shares", Some(e.shares)),
            ("engagement.replies", Some(e.replies)),
        ]
    }));
    for (name, count) in counts {
        if count.is_some_and(|c| c < 0) {
            return Err(format!("`{name}` must not be negative."));
        }
    }
    Ok(())
}

pub fn check_channel(channel: Option<ChannelRow>) -> AppResult<ChannelRow> {
    let channel = channel.ok_or(AppError::NotFound("channel"))?;
    if channel.kind != "api" {
        return Err(AppError::NotFound("channel"));
    }
    if !channel.active {
        return Err(AppError::conflict(
            "channel_inactive",
            "This channel is deactivated; an admin can reactivate it.",
        ));
    }
    Ok(channel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_only_for_the_exact_body_and_secret() {
        let sig = sign("s3cret", b"{\"a\":1}");
        assert!(verify("s3cret", b"{\"a\":1}", Some(&sig)).is_ok());
        assert!(verify("s3cret", b"{\"a\":2}", Some(&sig)).is_err());
        assert!(verify("other", b"{\"a\":1}", Some(&sig)).is_err());
        assert!(verify("s3cret", b"{\"a\":1}", None).is_err());
        assert!(verify("s3cret", b"{\"a\":1}", Some("sha256=zz")).is_err());
    }

    #[test]
    fn parse_errors_name_the_item_and_field() {
        let err = parse_items(br#"{"items":[{"external_id":"1","author":{"id":"a"},"text":"hi"},{"external_id":"2","author":{"id":"a"}}]}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("items[1]") && err.contains("text"), "{err}");
        let one = parse_items(br#"{"external_id":"1","author":{"id":"a"},"text":"hi"}"#).unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].kind, "private");
    }
}
