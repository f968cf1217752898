//! Small browser helpers: local time formatting, the page's origin, confirm dialogs.

use wasm_bindgen::JsValue;

/// A Unix-seconds time in the browser's locale and time zone, e.g. "12 Mar 2025, 14:05".
pub fn format_time(unix_secs: i64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(unix_secs as f64 * 1000.0));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    String::from(date.to_locale_string("default", &options))
}

/// Seconds since the Unix epoch, from the browser's clock.
pub fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// "just now", "5 min ago", "3 h ago", "2 days ago"; older than a week shows the date.
pub fn format_relative(unix_secs: i64) -> String {
    let ago = now_secs() - unix_secs;
    match ago {
        i64::MIN..=59 => "just now".into(),
        60..=3_599 => format!("{} min ago", ago / 60),
        3_600..=86_399 => format!("{} h ago", ago / 3_600),
        86_400..=172_799 => "yesterday".into(),
        172_800..=604_799 => format!("{} days ago", ago / 86_400),
        _ => format_time(unix_secs),
    }
}

/// `https://host:port` of the page, to turn server paths into links people can share.
pub fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The browser's own yes/no dialog, for destructive actions. False if it cannot be shown.
pub fn confirm(message: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(message).ok())
        .unwrap_or(false)
}

/// Copies text to the clipboard; resolves to false where the browser does not allow it
/// (the Clipboard API only exists on HTTPS pages and localhost).
pub async fn copy_to_clipboard(text: String) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .map(|c| !c.is_undefined() && !c.is_null())
        .unwrap_or(false);
    if !has_clipboard {
        return false;
    }
    navigator.clipboard().write_text(&text).await.is_ok()
}

/// Sets the browser tab's title to "<page> · Earshot".
pub fn set_title(page: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{page} · Earshot"));
    }
}
