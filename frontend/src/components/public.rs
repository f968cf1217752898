//! The centred card used by the pages people see before they are logged in.

use leptos::prelude::*;

#[component]
pub fn PublicPage(
    #[prop(into)] id: String,
    #[prop(into)] title: String,
    children: Children,
) -> impl IntoView {
    crate::util::set_title(&title);
    view! {
        <main class="public-page" id=id>
            <div class="public-card">
                <p class="brand brand-large">
                    <span class="brand-mark" aria-hidden="true"></span>
                    "Earshot"
                </p>
                <h1>{title}</h1>
                {children()}
            </div>
        </main>
    }
}
