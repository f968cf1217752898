//! Password hashing: argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane), run on the
//! blocking pool because one hash takes tens of milliseconds of CPU.

use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use earshot_api::MIN_PASSWORD_LEN;

use crate::error::{AppError, AppResult};

/// Longer inputs are refused: hashing megabytes would be a cheap denial of service.
pub const MAX_PASSWORD_LEN: usize = 1024;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).expect("OWASP argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))
}

/// At most this many hashes at once: each takes 19 MiB, and a burst of logins must not take
/// the small VM's memory (or all its cores) with it.
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

pub async fn hash(password: String) -> AppResult<String> {
    let _permit = HASHING
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(AppError::Internal)
}

/// Checks a password. With no stored hash (unknown email, invited user) it verifies against a
/// dummy hash anyway, so the answer takes the same time and reveals nothing.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    let Ok(_permit) = HASHING.acquire().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || {
        let dummy = dummy_hash();
        let (hash, real) = match stored.as_deref() {
            Some(h) => (h, true),
            None => (dummy, false),
        };
        let Ok(parsed) = PasswordHash::new(hash) else {
            return false;
        };
        let ok = hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        ok && real
    })
    .await
    .unwrap_or(false)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking("earshot-dummy-password").unwrap_or_default())
}

/// The password rules, with a message a person can act on.
pub fn check_policy(password: &str, email: &str) -> AppResult<()> {
    let len = password.chars().count();
    if len < MIN_PASSWORD_LEN {
        return Err(AppError::invalid(
            "weak_password",
            format!("Choose a password of at least {MIN_PASSWORD_LEN} characters."),
        ));
    }
    if password.len() > MAX_PASSWORD_LEN {
        return Err(AppError::invalid(
            "password_too_long",
            format!("Passwords are limited to {MAX_PASSWORD_LEN} bytes."),
        ));
    }
    if password.eq_ignore_ascii_case(email) {
        return Err(AppError::invalid(
            "weak_password",
            "The password must not be your email address.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_wrong_passwords_fail() {
        let h = hash("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("correct horse battery".into(), Some(h.clone())).await);
        assert!(!verify("wrong".into(), Some(h)).await);
        assert!(!verify("earshot-dummy-password".into(), None).await);
    }

    #[test]
    fn policy_rejects_short_and_email_passwords() {
        assert!(check_policy("short", "a@b.c").is_err());
        assert!(check_policy("someone@example.com", "someone@example.com").is_err());
        assert!(check_policy("a long enough passphrase", "a@b.c").is_ok());
    }
}
