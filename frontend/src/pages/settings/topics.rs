//! Settings → Topics: the rules that tag messages with intents (refund, outage…). Keyword
//! rules list words and phrases in any language; regex rules match a pattern; sentiment rules
//! tag messages scoring past a threshold (the starting "praise" rule). A saved rule
//! applies to the next message, and to past ones when they are analysed again
//! ([`reanalysis`]).

mod reanalysis;

use earshot_api::{Permission, Team, TopicRule, TopicRuleRequest};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::api;
use crate::components::form::{Field, SubmitButton, submit};
use crate::components::guard::RequirePermission;
use crate::components::status::{EmptyState, FormError, show_loaded};
use reanalysis::Reanalysis;

#[component]
pub fn TopicsPage() -> impl IntoView {
    crate::util::set_title("Topics");
    view! {
        <RequirePermission permission=Permission::ManageChannels>
            <Topics/>
        </RequirePermission>
    }
}

#[component]
fn Topics() -> impl IntoView {
    let rules = LocalResource::new(api::topic_rules);
    let teams = LocalResource::new(api::teams);
    let team_list = Signal::derive(move || -> Vec<Team> {
        teams.get().and_then(Result::ok).unwrap_or_default()
    });
    let reload = Callback::new(move |_| rules.refetch());
    view! {
        <section class="page" id="topics-page">
            <header class="page-header">
                <h1>"Topics"</h1>
                <p class="muted">
                    "Rules that tag customers' messages with a topic; the tag filters the inbox. "
                    "Urgent topics raise a message's priority. A rule can route a conversation about its topic to a team: when it starts, or later while it is unassigned and neither a topic nor a person has chosen its team."
                </p>
            </header>
            <div class="card" id="create-topic-rule">
                <h2>"Add a rule"</h2>
                <RuleForm id="new-rule" rule=None teams=team_list reload=reload/>
            </div>
            <Reanalysis/>
            <h2 class="section-title">"Rules"</h2>
            {show_loaded(rules, move |list| {
                if list.is_empty() {
                    return view! { <EmptyState title="No rules" text="Messages get no topics until you add one."/> }.into_any();
                }
                list.into_iter()
                    .map(|rule| {
                        let card_id = format!("rule-{}", rule.id);
                        let form_id = card_id.clone();
                        view! { <article class="card topic-rule" id=card_id><RuleForm id=form_id rule=Some(rule) teams=team_list reload=reload/></article> }
                    })
                    .collect_view()
                    .into_any()
            })}
        </section>
    }
}

/// Adds a rule (`rule: None`) or edits and deletes one.
#[component]
fn RuleForm(
    #[prop(into)] id: String,
    rule: Option<TopicRule>,
    #[prop(into)] teams: Signal<Vec<Team>>,
    reload: Callback<()>,
) -> impl IntoView {
    let existing = rule.as_ref().map(|r| r.id);
    let topic = RwSignal::new(rule.as_ref().map(|r| r.topic.clone()).unwrap_or_default());
    let kind = RwSignal::new(
        rule.as_ref()
            .map_or("keywords".to_string(), |r| r.kind.clone()),
    );
    let pattern = RwSignal::new(rule.as_ref().map(|r| r.pattern.clone()).unwrap_or_default());
    let language = RwSignal::new(
        rule.as_ref()
            .and_then(|r| r.language.clone())
            .unwrap_or_default(),
    );
    let urgent = RwSignal::new(rule.as_ref().is_some_and(|r| r.urgent));
    let team = RwSignal::new(
        rule.as_ref()
            .and_then(|r| r.team_id)
            .map(|t| t.to_string())
            .unwrap_or_default(),
    );
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let request = move || TopicRuleRequest {
        topic: topic.get_untracked().trim().to_string(),
        kind: kind.get_untracked(),
        pattern: pattern.get_untracked(),
        language: Some(language.get_untracked().trim().to_string()).filter(|l| !l.is_empty()),
        urgent: urgent.get_untracked(),
        team_id: team.get_untracked().parse().ok(),
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        match existing {
            Some(rule_id) => submit(
                pending,
                error,
                api::update_topic_rule(rule_id, request()),
                move |_| reload.run(()),
            ),
            None => submit(
                pending,
                error,
                api::create_topic_rule(request()),
                move |_| {
                    topic.set(String::new());
                    pattern.set(String::new());
                    language.set(String::new());
                    urgent.set(false);
                    team.set(String::new());
                    reload.run(());
                },
            ),
        }
    };
    let delete = move |_| {
        if let Some(rule_id) = existing
            && crate::util::confirm(&format!("Delete the rule for “{}”?", topic.get_untracked()))
        {
            submit(pending, error, api::delete_topic_rule(rule_id), move |_| {
                reload.run(())
            });
        }
    };
    let pattern_id = format!("{id}-pattern");
    let kind_id = format!("{id}-kind");
    let urgent_id = format!("{id}-urgent");
    let urgent_label_for = urgent_id.clone();
    let team_id = format!("{id}-team");
    // Each option says whether it is chosen: the teams may load after the select is drawn.
    let team_options = move || {
        teams
            .get()
            .into_iter()
            .map(|t| {
                let value = t.id.to_string();
                let chosen = value.clone();
                view! { <option value=value selected=move || team.get() == chosen>{t.name}</option> }
            })
            .collect_view()
    };
    let hint = move || {
        let kind = kind.get();
        if kind == "regex" {
            "A regular expression, matched ignoring case, e.g. \\bgold (card|member)\\b"
        } else if kind == "sentiment" {
            "A sentiment score from -1 to 1: 0.4 tags messages scoring 0.4 or more, -0.6 those scoring -0.6 or less"
        } else {
            "Words and phrases separated by commas, in any language, e.g. refund, reembolso, 退款"
        }
    };
    view! {
        <form class="topic-rule-form" on:submit=on_submit novalidate=true>
            <div class="form-grid">
                <Field id=format!("{id}-topic") label="Topic" value=topic required=true autocomplete="off"/>
                <div class="field">
                    <label for=kind_id.clone()>"Kind"</label>
                    <select id=kind_id prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="keywords">"Keywords"</option>
                        <option value="regex">"Regular expression"</option>
                        <option value="sentiment">"Sentiment score"</option>
                    </select>
                </div>
                <Field
                    id=format!("{id}-language")
                    label="Language (optional)"
                    value=language
                    autocomplete="off"
                    hint="eng, spa, cmn, yue, or zho for any Chinese; empty for all"
                />
                <div class="field">
                    <label for=team_id.clone()>"Route conversations to"</label>
                    <select id=team_id prop:value=move || team.get() on:change=move |ev| team.set(event_target_value(&ev))>
                        <option value="" selected=move || team.get().is_empty()>"The channel's team"</option>
                        {team_options}
                    </select>
                </div>
            </div>
            <div class="field">
                <label for=pattern_id.clone()>"Pattern"</label>
                <textarea id=pattern_id.clone() rows="2" prop:value=move || pattern.get() on:input=move |ev| pattern.set(event_target_value(&ev))></textarea>
                <p class="hint">{hint}</p>
            </div>
            <label class="checkbox" for=urgent_label_for>
                <input id=urgent_id type="checkbox" prop:checked=move || urgent.get() on:change=move |ev| urgent.set(event_target_checked(&ev))/>
                " Urgent (raises priority)"
            </label>
            <FormError error=error/>
            <div class="button-row">
                <SubmitButton
                    id=format!("{id}-save")
                    label=if existing.is_some() { "Save" } else { "Add rule" }
                    pending_label="Saving…"
                    pending=pending
                />
                {existing.map(|_| view! {
                    <button type="button" id=format!("{id}-delete") class="btn btn-danger-outline" disabled=move || pending.get() on:click=delete>
                        "Delete"
                    </button>
                })}
            </div>
        </form>
    }
}
