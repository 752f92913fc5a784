//! The keyboard of an ARIA combobox (a text input with a listbox of options): which option is
//! active, and what the arrow keys, Enter and Escape do. Used by the postcode box and the
//! occupation filter; [`crate::components::listbox`] draws the options.

use web_sys::KeyboardEvent;
use yew::prelude::*;

/// The DOM id of option `i` of the combobox whose input is `id`.
pub fn option_id(id: &str, i: usize) -> String {
    format!("{id}-opt-{i}")
}

/// What [`use_combobox`] gives.
#[derive(Clone)]
pub struct UseComboboxHandle {
    id: &'static str,
    active: UseStateHandle<Option<usize>>,
}

impl UseComboboxHandle {
    /// The input's DOM id.
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The listbox's DOM id (the input's `aria-controls`).
    pub fn list_id(&self) -> String {
        format!("{}-list", self.id)
    }

    /// The option the arrow keys reached, if any.
    pub fn active(&self) -> Option<usize> {
        *self.active
    }

    /// The active option's DOM id (the input's `aria-activedescendant`).
    pub fn active_id(&self) -> Option<String> {
        self.active.map(|i| option_id(self.id, i))
    }

    /// No option active (the options changed or one was chosen).
    pub fn reset(&self) {
        self.active.set(None);
    }

    /// The input's keydown handler with `len` options shown: ArrowDown and ArrowUp move through
    /// them (wrapping around), Escape closes them (`on_escape`), Enter chooses (`on_enter` with
    /// the active option, if any). Other keys type as usual.
    pub fn onkeydown(
        &self,
        len: usize,
        on_enter: impl Fn(Option<usize>) + 'static,
        on_escape: impl Fn() + 'static,
    ) -> Callback<KeyboardEvent> {
        let active = self.active.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "ArrowDown" if len > 0 => {
                e.prevent_default();
                active.set(Some(active.map_or(0, |i| (i + 1) % len)));
            }
            "ArrowUp" if len > 0 => {
                e.prevent_default();
                active.set(Some(active.map_or(len - 1, |i| (i + len - 1) % len)));
            }
            "Escape" if len > 0 => {
                e.prevent_default();
                active.set(None);
                on_escape();
            }
            "Enter" => {
                e.prevent_default();
                on_enter(*active);
            }
            _ => {}
        })
    }
}

/// A combobox whose input has the DOM id `id`; its listbox is `{id}-list` and its options
/// `{id}-opt-{i}`.
#[hook]
pub fn use_combobox(id: &'static str) -> UseComboboxHandle {
    let active = use_state(|| None::<usize>);
    UseComboboxHandle { id, active }
}
