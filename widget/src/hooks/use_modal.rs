//! A native `<dialog>` opened with `showModal()` once it is drawn, so focus moves into it, the
//! page behind is inert and Escape closes it; with its close button ([`UseModalHandle::view`]).
//! Used by the profile dialog and the vacancy dialog.

use talentbrug_core::Lang;
use wasm_bindgen::JsCast;
use web_sys::{FocusOptions, HtmlDialogElement, HtmlElement};
use yew::prelude::*;

use crate::i18n::{t, Text};

/// Whether the widget runs inside an iframe (the iframe mode, `embed.html`).
fn in_frame() -> bool {
    let Some(window) = web_sys::window() else { return false };
    match window.parent() {
        Ok(Some(parent)) => !js_sys::Object::is(&parent, &window),
        _ => false,
    }
}

/// In iframe mode the frame is as tall as the widget, so the dialog can open outside the part
/// of the frame the employer sees: ask the partner's page (the loader's helper or the snippet in
/// the integration guide) to scroll it into view.
fn tell_parent_where(dialog: &HtmlDialogElement) {
    let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else { return };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"talentbrug:show".into());
    let _ = js_sys::Reflect::set(&message, &"top".into(), &dialog.get_bounding_client_rect().top().into());
    let _ = parent.post_message(&message, "*");
}

/// Opens `dialog` as a modal, if it is not open yet.
fn show(dialog: &HtmlDialogElement) {
    if dialog.open() {
        return;
    }
    let _ = dialog.show_modal();
    // showModal focuses the close button; on a form, start in its first field instead
    // (without scrolling: in iframe mode the partner's page scrolls).
    let first = dialog.query_selector("form input:not([tabindex='-1'])").ok().flatten();
    if let Some(first) = first.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let options = FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = first.focus_with_options(&options);
    }
    if in_frame() {
        tell_parent_where(dialog);
    }
}

/// What [`use_modal`] gives.
pub struct UseModalHandle {
    /// The `<dialog>`'s ref.
    pub dialog: NodeRef,
    /// Closes the dialog (its `close` event follows).
    pub close: Callback<()>,
}

impl UseModalHandle {
    /// The dialog around `body`, titled by the body's `#tb-dialog-title`, with a close button;
    /// `on_closed` hears it close; `profile` names the profile it shows, if any.
    pub fn view(&self, l: Lang, on_closed: &Callback<()>, profile: Option<String>, body: Html) -> Html {
        let onclose = on_closed.reform(|_: Event| ());
        html! {
            <dialog ref={self.dialog.clone()} class="tb-dialog" aria-labelledby="tb-dialog-title" {onclose} data-profile-id={profile}>
                <div class="tb-dialog-inner">
                    <button type="button" class="tb-close" onclick={self.close.reform(|_: MouseEvent| ())}>
                        <span aria-hidden="true">{ "×" }</span><span class="tb-sr">{ t(l, Text::Close) }</span>
                    </button>
                    { body }
                </div>
            </dialog>
        }
    }
}

/// A modal dialog, shown once it is drawn.
#[hook]
pub fn use_modal() -> UseModalHandle {
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        use_effect_with((), move |_| {
            if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                show(&d);
            }
        });
    }
    let close = {
        let dialog = dialog.clone();
        Callback::from(move |_| {
            if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                d.close();
            }
        })
    };
    UseModalHandle { dialog, close }
}
