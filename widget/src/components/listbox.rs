//! The options under a combobox (see [`crate::hooks::use_combobox`]): an ARIA listbox whose
//! options are chosen with a click; the keyboard stays in the input.

use yew::prelude::*;

use crate::hooks::use_combobox::{option_id, UseComboboxHandle};

/// What [`listbox`] shows.
pub struct ListboxProps<'a> {
    /// The combobox the options belong to (ids, the active option).
    pub combo: &'a UseComboboxHandle,
    /// The listbox's accessible name.
    pub label: &'static str,
    /// Each option's content; none: the listbox is hidden.
    pub options: Vec<Html>,
    /// Called with the index of the clicked option.
    pub on_choose: Callback<usize>,
}

/// The listbox (a plain function: no state of its own, and each component type costs
/// kilobytes of wasm).
pub fn listbox(props: &ListboxProps<'_>) -> Html {
    let active = props.combo.active();
    let id = props.combo.id();
    html! {
        <ul id={props.combo.list_id()} role="listbox" class="tb-listbox" aria-label={props.label} hidden={props.options.is_empty()}>
            { for props.options.iter().enumerate().map(|(i, content)| {
                let choose = props.on_choose.clone();
                html! {
                    <li id={option_id(id, i)} role="option" aria-selected={(Some(i) == active).to_string()}
                        class={classes!("tb-option", (Some(i) == active).then_some("tb-active"))}
                        // Keeps the focus in the input (whose blur would close the list first).
                        onmousedown={Callback::from(|e: MouseEvent| e.prevent_default())}
                        onclick={move |_| choose.emit(i)}>{ content.clone() }</li>
                }
            }) }
        </ul>
    }
}
