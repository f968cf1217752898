//! Login throttling per account and per client address, in memory.
//!
//! After `max` failures inside a 15-minute window the key is locked for the lockout time,
//! doubling with each further lockout (capped at an hour). Kept in memory on purpose: a single
//! binary serves the instance, and a restart only forgives — never loses — anything.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(15 * 60);
const MAX_LOCKOUT: Duration = Duration::from_secs(60 * 60);
const MAX_KEYS: usize = 50_000;

#[derive(Debug)]
struct Entry {
    failures: u32,
    window_start: Instant,
    locked_until: Option<Instant>,
    lockouts: u32,
}

#[derive(Debug)]
pub struct LoginThrottle {
    entries: Mutex<HashMap<String, Entry>>,
    lockout: Duration,
}

impl LoginThrottle {
    pub fn new(lockout_secs: u64) -> Self {
        LoginThrottle {
            entries: Mutex::new(HashMap::new()),
            lockout: Duration::from_secs(lockout_secs),
        }
    }

    /// `Err(seconds to wait)` while the key is locked.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        match entries.get(key).and_then(|e| e.locked_until) {
            Some(until) if until > now => Err((until - now).as_secs().max(1)),
            _ => Ok(()),
        }
    }

    /// Counts a failure; returns `Err(seconds)` if this failure locked the key.
    pub fn record_failure(&self, key: &str, max: u32) -> Result<(), u64> {
        let now = Instant::now();
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_KEYS {
            entries.retain(|_, e| {
                now.duration_since(e.window_start) < WINDOW
                    || e.locked_until.is_some_and(|u| u > now)
            });
        }
        let entry = entries.entry(key.to_string()).or_insert(Entry {
            failures: 0,
            window_start: now,
            locked_until: None,
            lockouts: 0,
        });
        if now.duration_since(entry.window_start) >= WINDOW {
            entry.failures = 0;
            entry.window_start = now;
        }
        entry.failures += 1;
        if entry.failures >= max.max(1) {
            let factor = 1u32 << entry.lockouts.min(10);
            let wait = (self.lockout * factor).min(MAX_LOCKOUT);
            entry.locked_until = Some(now + wait);
            entry.lockouts += 1;
            entry.failures = 0;
            entry.window_start = now;
            return Err(wait.as_secs().max(1));
        }
        Ok(())
    }

    pub fn clear(&self, key: &str) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_max_failures_and_clears_on_success() {
        let t = LoginThrottle::new(30);
        assert!(t.record_failure("a", 3).is_ok());
        assert!(t.record_failure("a", 3).is_ok());
        assert_eq!(t.record_failure("a", 3), Err(30));
        let wait = t.check("a").unwrap_err();
        assert!((29..=30).contains(&wait));
        assert!(t.check("b").is_ok());
        t.clear("a");
        assert!(t.check("a").is_ok());
    }

    #[test]
    fn repeated_lockouts_double() {
        let t = LoginThrottle::new(10);
        assert_eq!(t.record_failure("k", 1), Err(10));
        assert_eq!(t.record_failure("k", 1), Err(20));
        assert_eq!(t.record_failure("k", 1), Err(40));
    }
}
