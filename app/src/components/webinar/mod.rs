//! Webinar mode for trainers (issue 7): the switch that turns on large type and high contrast for
//! screen sharing on every page (class `webinar-mode` on `<html>`, remembered in localStorage,
//! styles in `style/90-webinar.css`), and the logic of the guided walk-through and the sandbox
//! (`model`) shown on `/webinar` (`pages/webinar.rs`).

pub mod model;

use leptos::prelude::*;

use crate::i18n::{Msg, use_i18n};

/// Where the switch is remembered (`"1"` on).
pub const WEBINAR_STORAGE_KEY: &str = "sibekisar.webinar";
/// The class set on `<html>` while webinar mode is on.
pub const WEBINAR_CLASS: &str = "webinar-mode";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn apply(on: bool) {
    let root = web_sys::window().and_then(|window| window.document()).and_then(|document| document.document_element());
    if let Some(root) = root {
        root.set_class_name(&with_class(&root.class_name(), WEBINAR_CLASS, on));
    }
}

/// A class attribute with `class` added or removed, other classes kept.
pub fn with_class(classes: &str, class: &str, on: bool) -> String {
    let mut kept: Vec<&str> = classes.split_whitespace().filter(|name| *name != class).collect();
    if on {
        kept.push(class);
    }
    kept.join(" ")
}

/// The header's switch (`aria-pressed`); mounted once with the header, so the remembered choice
/// applies on every page from the first render.
#[component]
pub fn WebinarToggle() -> impl IntoView {
    let i18n = use_i18n();
    let stored = storage().and_then(|storage| storage.get_item(WEBINAR_STORAGE_KEY).ok().flatten());
    let on = RwSignal::new(stored.as_deref() == Some("1"));
    Effect::new(move |_| {
        let on = on.get();
        apply(on);
        if let Some(storage) = storage() {
            let _ =
                if on { storage.set_item(WEBINAR_STORAGE_KEY, "1") } else { storage.remove_item(WEBINAR_STORAGE_KEY) };
        }
    });
    view! {
        <button
            type="button"
            class="lang-switch webinar-toggle"
            data-testid="webinar-toggle"
            aria-pressed=move || on.get().to_string()
            title=i18n.tr(Msg::WebToggleHint)
            on:click=move |_| on.update(|on| *on = !*on)
        >
            {i18n.tr(Msg::WebToggle)}
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_class_is_added_once_and_removed_without_touching_others() {
        assert_eq!(with_class("", WEBINAR_CLASS, true), "webinar-mode");
        assert_eq!(with_class("a webinar-mode", WEBINAR_CLASS, true), "a webinar-mode");
        assert_eq!(with_class("a webinar-mode b", WEBINAR_CLASS, false), "a b");
    }
}
