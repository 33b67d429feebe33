//! "Rubrik": the stored rubric versions; upload a rubric JSON file (or paste it) and see the new
//! version id, or every problem the engine found with its path.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::{Outcome, outcome_view, short_time};
use crate::api::admin::{RubricVersion, load, store_rubric};
use crate::i18n::{Msg, t, use_i18n};

/// Reads the chosen file's text with the browser's `File.text()`. Called through `js_sys`
/// reflection, so no extra `web-sys` features (and no wasm bytes for bindings) are needed.
async fn chosen_file_text(input: JsValue) -> Option<String> {
    let get = |target: &JsValue, key: &str| js_sys::Reflect::get(target, &JsValue::from_str(key)).ok();
    let file = get(&get(&input, "files")?, "0").filter(|file| !file.is_undefined())?;
    let text = get(&file, "text")?.dyn_into::<js_sys::Function>().ok()?.call0(&file).ok()?;
    let promise = text.dyn_into::<js_sys::Promise>().ok()?;
    // Leptos re-exports wasm-bindgen-futures (already in the build); no new dependency.
    leptos::__reexports::wasm_bindgen_futures::JsFuture::from(promise).await.ok()?.as_string()
}

#[component]
pub fn RubricsTab() -> impl IntoView {
    let i18n = use_i18n();
    let versions = RwSignal::new(Vec::<RubricVersion>::new());
    let document = RwSignal::new(String::new());
    let outcome = RwSignal::<Outcome>::new(None);
    let busy = RwSignal::new(false);

    let reload = move || {
        leptos::task::spawn_local(async move {
            match load::<Vec<RubricVersion>>("/api/v1/rubrics", i18n.lang_untracked()).await {
                Ok(list) => _ = versions.try_set(list),
                Err(problems) => _ = outcome.try_set(Some(Err(problems))),
            }
        });
    };
    reload();

    let file_chosen = move |event: leptos::ev::Event| {
        let Some(input) = event.target() else { return };
        leptos::task::spawn_local(async move {
            if let Some(text) = chosen_file_text(input.into()).await {
                let _ = document.try_set(text);
            }
        });
    };

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let lang = i18n.lang_untracked();
        let text = document.get_untracked();
        outcome.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = store_rubric(&text, lang).await;
            let _ = busy.try_set(false);
            match result {
                Ok(text) => {
                    reload();
                    let _ = outcome.try_set(Some(Ok(text)));
                }
                Err(mut problems) => {
                    problems.insert(0, (None, t(lang, Msg::AdminRubricProblems).to_string()));
                    let _ = outcome.try_set(Some(Err(problems)));
                }
            }
        });
    };

    view! {
        <super::rubric_editor::RubricEditor versions=versions on_saved=Callback::new(move |()| reload())/>
        <form class="form admin-form" on:submit=submit data-testid="admin-rubric-form">
            <h2>{i18n.tr(Msg::AdminUploadRubric)}</h2>
            <p class="admin-muted">{i18n.tr(Msg::AdminRubricHint)}</p>
            <label class="form__field">
                <span>{i18n.tr(Msg::AdminRubricFile)}</span>
                <input type="file" accept=".json,application/json" data-testid="admin-rubric-file" on:change=file_chosen/>
            </label>
            <label class="form__field">
                <span>{i18n.tr(Msg::AdminRubricPaste)}</span>
                <textarea rows="8" spellcheck="false" class="admin-json" data-testid="admin-rubric-text"
                    prop:value=move || document.get()
                    on:input=move |event| document.set(event_target_value(&event))></textarea>
            </label>
            <div class="admin-form__actions">
                <button type="submit" class="button button--primary" data-testid="admin-rubric-submit"
                    disabled=move || busy.get() || document.with(|text| text.trim().is_empty())>
                    {i18n.tr(Msg::AdminUploadRubric)}
                </button>
            </div>
        </form>
        {outcome_view(outcome)}
        <div class="table-scroll" tabindex="0">
            <table class="data-table admin-table" data-testid="admin-rubrics">
                <caption>{i18n.tr(Msg::AdminTabRubrics)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.tr(Msg::AdminVersionId)}</th>
                        <th scope="col">{i18n.tr(Msg::AdminName)}</th>
                        <th scope="col">{i18n.tr(Msg::AdminPopulation)}</th>
                        <th scope="col">{i18n.tr(Msg::AdminCreated)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || versions.get().into_iter().map(|version| view! {
                        <tr>
                            <th scope="row"><code>{version.id}</code></th>
                            <td>{version.name}{version.year.map(|year| format!(" ({year})"))}</td>
                            <td>{version.population}</td>
                            <td>{short_time(&version.created_at)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
