//! Form fields and the submit-while-pending pattern every form uses.

use std::future::Future;

use earshot_api::MIN_PASSWORD_LEN;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiResult;

/// A labelled input bound to a string signal.
#[component]
pub fn Field(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] minlength: Option<usize>,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional)] autofocus: bool,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                type=kind
                autocomplete=autocomplete
                required=required
                minlength=minlength
                maxlength=maxlength
                autofocus=autofocus
                aria-describedby=hint_id.clone()
                disabled=move || disabled.get()
                bind:value=value
            />
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
        </div>
    }
}

/// The main button of a form: disabled and relabelled while the request is on its way.
#[component]
pub fn SubmitButton(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] pending_label: String,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    view! {
        <button
            id=id
            type="submit"
            class="btn btn-primary"
            disabled=move || pending.get()
            aria-busy=move || pending.get().then_some("true")
        >
            {move || if pending.get() { pending_label.clone() } else { label.clone() }}
        </button>
    }
}

/// Runs one request on behalf of a form: marks it pending, clears the old error, and on
/// failure puts the server's message where the form shows it. A second submit while the
/// first is still running is ignored.
pub fn submit<T, F>(
    pending: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    request: F,
    on_ok: impl FnOnce(T) + 'static,
) where
    T: 'static,
    F: Future<Output = ApiResult<T>> + 'static,
{
    if pending.get_untracked() {
        return;
    }
    pending.set(true);
    error.set(None);
    spawn_local(async move {
        let result = request.await;
        pending.set(false);
        match result {
            Ok(value) => on_ok(value),
            Err(e) => error.set(Some(e.message)),
        }
    });
}

/// The app's quick check of a new password and its confirmation; the server checks again.
pub fn check_new_password(password: &str, confirmation: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(format!(
            "Choose a password of at least {MIN_PASSWORD_LEN} characters."
        ));
    }
    if password != confirmation {
        return Err("The two passwords are not the same.".into());
    }
    Ok(())
}

/// The hint shown under new-password fields.
pub fn password_hint() -> String {
    format!("At least {MIN_PASSWORD_LEN} characters. A few random words make a strong password.")
}

#[cfg(test)]
mod tests {
    use super::check_new_password;

    #[test]
    fn new_passwords_need_the_minimum_length_and_a_matching_confirmation() {
        assert!(check_new_password("short", "short").is_err());
        assert!(check_new_password("long enough 1", "long enough 2").is_err());
        assert!(check_new_password("long enough 1", "long enough 1").is_ok());
    }
}
