//! Pages that need a permission show an explanation instead of a broken page when the
//! user's role does not have it (the server refuses the calls anyway).

use earshot_api::Permission;
use leptos::prelude::*;

use crate::auth::use_auth;

#[component]
pub fn RequirePermission(permission: Permission, children: ChildrenFn) -> impl IntoView {
    let auth = use_auth();
    view! {
        <Show when=move || auth.can(permission) fallback=Forbidden>
            {children()}
        </Show>
    }
}

#[component]
pub fn Forbidden() -> impl IntoView {
    view! {
        <section class="page narrow" id="forbidden-page">
            <h1>"Not allowed"</h1>
            <p>"Your role is not allowed to use this page. Ask an owner or admin if you need it."</p>
        </section>
    }
}
