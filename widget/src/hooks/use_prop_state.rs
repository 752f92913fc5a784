//! State that starts from props and starts again when they change.

use yew::prelude::*;

/// State that starts as `init(&deps)` and is set to it again whenever `deps` change: what
/// the employer chose in the widget, until the partner (or the parent component) changes the
/// prop it came from. Setting an equal value does not redraw.
#[hook]
pub fn use_prop_state<D, T>(deps: D, init: fn(&D) -> T) -> UseStateHandle<T>
where
    D: PartialEq + Clone + 'static,
    T: PartialEq + 'static,
{
    let state = use_state_eq(|| init(&deps));
    {
        let state = state.clone();
        use_effect_with(deps, move |deps| state.set(init(deps)));
    }
    state
}
