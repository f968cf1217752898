//! Loading, error and empty states, so every page shows them the same way.

use leptos::prelude::*;

use crate::api::ApiResult;

#[component]
pub fn Loading(#[prop(optional, into)] label: Option<String>) -> impl IntoView {
    let label = label.unwrap_or_else(|| "Loading…".into());
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <span>{label}</span>
        </div>
    }
}

/// A load that failed, with a way to try again.
#[component]
pub fn ErrorNotice(
    #[prop(into)] message: String,
    #[prop(optional, into)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    view! {
        <div class="notice notice-error" role="alert">
            <p>{message}</p>
            {on_retry
                .map(|retry| {
                    view! {
                        <button type="button" class="btn btn-small" on:click=move |_| retry.run(())>
                            "Try again"
                        </button>
                    }
                })}
        </div>
    }
}

#[component]
pub fn EmptyState(#[prop(into)] title: String, #[prop(into)] text: String) -> impl IntoView {
    view! {
        <div class="empty-state">
            <div class="empty-icon" aria-hidden="true"></div>
            <h2>{title}</h2>
            <p>{text}</p>
        </div>
    }
}

/// The error of a form, shown above its buttons. Every form uses the id `form-error`.
#[component]
pub fn FormError(error: RwSignal<Option<String>>) -> impl IntoView {
    move || {
        error.get().map(|message| {
            view! {
                <p id="form-error" class="form-error" role="alert">
                    {message}
                </p>
            }
        })
    }
}

/// A success message that stays until the next action.
#[component]
pub fn FormSuccess(message: RwSignal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|message| {
            view! {
                <p id="form-success" class="form-success" role="status">
                    {message}
                </p>
            }
        })
    }
}

/// Renders a resource that loads over the API: a spinner while the first answer is on its
/// way, the error with a retry button if it failed, else `ready` with the data. A reload
/// keeps showing the previous data until the new answer arrives.
pub fn show_loaded<T, V>(
    resource: LocalResource<ApiResult<T>>,
    ready: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    move || match resource.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => {
            let retry = Callback::new(move |_| resource.refetch());
            view! { <ErrorNotice message=e.message on_retry=retry/> }.into_any()
        }
        Some(Ok(data)) => ready(data).into_any(),
    }
}
