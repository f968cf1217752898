//! A secret the server shows once (an invitation link, a temporary password), with a copy
//! button and a reminder that it will not be shown again.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::util::copy_to_clipboard;

#[component]
pub fn SecretValue(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] value: String,
) -> impl IntoView {
    let copied = RwSignal::new(None::<bool>);
    let stored = StoredValue::new(value.clone());
    let copy = move |_| {
        let text = stored.get_value();
        spawn_local(async move {
            copied.set(Some(copy_to_clipboard(text).await));
        });
    };
    let select_all = |ev: leptos::ev::FocusEvent| {
        use wasm_bindgen::JsCast;
        if let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            input.select();
        }
    };
    view! {
        <div class="field secret">
            <label for=id.clone()>{label}</label>
            <div class="secret-row">
                <input id=id type="text" readonly value=value on:focus=select_all/>
                <button type="button" class="btn" on:click=copy>"Copy"</button>
            </div>
            <p class="hint" role="status">
                {move || match copied.get() {
                    Some(true) => "Copied. It is shown only this once — send it to the person now.",
                    Some(false) => "Select the text and copy it by hand. It is shown only this once.",
                    None => "Copy it now: it is shown only this once.",
                }}
            </p>
        </div>
    }
}
