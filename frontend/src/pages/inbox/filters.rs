//! The search box and filters above the conversation list.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::format::{PRIORITIES, priority_label};
use super::state::{Filters, use_inbox};
use crate::api::wire_name;

type Getter = fn(&Filters) -> &String;
type Setter = fn(&mut Filters) -> &mut String;

#[component]
pub fn FilterBar() -> impl IntoView {
    let ctx = use_inbox();
    let search = RwSignal::new(String::new());
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        let q = search.get_untracked().trim().to_string();
        if ctx.filters.with_untracked(|f| f.q != q) {
            ctx.filters.update(|f| f.q = q);
        }
    };
    let clear_search = move |_| {
        search.set(String::new());
        ctx.filters.update(|f| f.q.clear());
    };
    let searching = move || ctx.filters.with(|f| !f.q.is_empty());
    // On a phone the filters fold away behind a button.
    let filters_open = RwSignal::new(false);
    let active_filters = move || {
        ctx.filters.with(|f| {
            let defaults = Filters::default();
            [
                f.status != defaults.status,
                f.assigned != defaults.assigned,
                !f.kind.is_empty(),
                !f.channel.is_empty(),
                !f.priority.is_empty(),
                f.sort != defaults.sort,
                !f.folder.is_empty(),
            ]
            .into_iter()
            .filter(|changed| *changed)
            .count()
        })
    };

    let fixed = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(v, l)| (v.to_string(), l.to_string()))
            .collect()
    };
    let statuses = fixed(&[
        ("open", "Open"),
        ("pending", "Pending"),
        ("snoozed", "Snoozed"),
        ("resolved", "Resolved"),
        ("all", "All"),
    ]);
    let assigned = fixed(&[
        ("all", "All"),
        ("mine", "Mine"),
        ("unassigned", "Unassigned"),
    ]);
    let kinds = fixed(&[
        ("", "All"),
        ("private", "DMs"),
        ("public", "Public"),
        ("mention", "Mentions"),
    ]);
    let folders = fixed(&[("", "Queue"), ("spam", "Spam")]);
    let sorts = fixed(&[
        ("priority", "Priority"),
        ("waiting", "Waiting longest"),
        ("newest", "Newest"),
    ]);
    let mut priorities = vec![(String::new(), "Any".to_string())];
    priorities.extend(
        PRIORITIES
            .iter()
            .rev()
            .map(|p| (wire_name(*p), priority_label(*p).to_string())),
    );
    let channels = Signal::derive(move || {
        let mut options = vec![(String::new(), "All".to_string())];
        options.extend(
            ctx.channels
                .get()
                .into_iter()
                .map(|(id, name)| (id.to_string(), name)),
        );
        options
    });

    view! {
        <div class="inbox-filters">
            <form class="search-form" role="search" on:submit=on_search>
                <label for="search-input" class="visually-hidden">"Search conversations"</label>
                <input
                    id="search-input"
                    type="search"
                    placeholder="Search messages…  (press /)"
                    autocomplete="off"
                    bind:value=search
                />
                <Show when=searching>
                    <button type="button" class="link-button" id="search-clear" on:click=clear_search>
                        "Clear"
                    </button>
                </Show>
                <button
                    type="button"
                    id="filters-toggle"
                    class="btn btn-small filters-toggle"
                    aria-expanded=move || filters_open.get().to_string()
                    aria-controls="filter-row"
                    on:click=move |_| filters_open.update(|o| *o = !*o)
                >
                    {move || match active_filters() {
                        0 => "Filters".to_string(),
                        n => format!("Filters ({n})"),
                    }}
                </button>
            </form>
            <div class="filter-row" id="filter-row" class:open=move || filters_open.get()>
                <FilterSelect id="filter-folder" label="Show" options=folders get=|f| &f.folder set=|f| &mut f.folder/>
                <FilterSelect id="filter-status" label="Status" options=statuses get=|f| &f.status set=|f| &mut f.status/>
                <FilterSelect id="filter-assigned" label="Assigned" options=assigned get=|f| &f.assigned set=|f| &mut f.assigned/>
                <FilterSelect id="filter-kind" label="Kind" options=kinds get=|f| &f.kind set=|f| &mut f.kind/>
                <FilterSelect id="filter-channel" label="Channel" options=channels get=|f| &f.channel set=|f| &mut f.channel/>
                <FilterSelect id="filter-priority" label="Priority" options=priorities get=|f| &f.priority set=|f| &mut f.priority/>
                <FilterSelect id="filter-sort" label="Sort" options=sorts get=|f| &f.sort set=|f| &mut f.sort/>
            </div>
        </div>
    }
}

/// One filter: a labelled select bound to one field of the filters.
#[component]
fn FilterSelect(
    id: &'static str,
    label: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    get: Getter,
    set: Setter,
) -> impl IntoView {
    let ctx = use_inbox();
    let current = move || ctx.filters.with(|f| get(f).clone());
    let on_change = move |ev| {
        let value = event_target_value(&ev);
        if ctx.filters.with_untracked(|f| *get(f) != value) {
            ctx.filters.update(|f| *set(f) = value);
        }
    };
    view! {
        <label class="filter" for=id>
            <span class="filter-label">{label}</span>
            <select id=id class="compact" prop:value=current on:change=on_change>
                {move || {
                    let chosen = current();
                    options
                        .get()
                        .into_iter()
                        .map(|(value, text)| {
                            let selected = value == chosen;
                            view! { <option value=value selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}
