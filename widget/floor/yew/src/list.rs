//! The list: a reducer, two function components and an input.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The list's items.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Items(Vec<String>);

/// What changes the list.
#[derive(Debug)]
pub enum Action {
    /// Adds an item at the end.
    Add(String),
    /// Removes the item at an index (none when out of range).
    Remove(usize),
}

impl Reducible for Items {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut items = self.0.clone();
        match action {
            Action::Add(text) => items.push(text),
            Action::Remove(at) if at < items.len() => drop(items.remove(at)),
            Action::Remove(_) => {}
        }
        Rc::new(Items(items))
    }
}

#[derive(Properties, PartialEq)]
struct ItemProps {
    text: AttrValue,
    on_remove: Callback<()>,
}

#[function_component]
fn Item(props: &ItemProps) -> Html {
    let on_remove = props.on_remove.clone();
    html! { <li>{ props.text.clone() }<button type="button" onclick={move |_| on_remove.emit(())}>{ "×" }</button></li> }
}

#[function_component]
fn List() -> Html {
    let items = use_reducer(Items::default);
    let onkeydown = {
        let items = items.clone();
        move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                let input: HtmlInputElement = e.target_unchecked_into();
                items.dispatch(Action::Add(answer(input.value())));
            }
        }
    };
    let rows = items.0.iter().enumerate().map(|(at, text)| {
        let items = items.clone();
        html! { <Item text={AttrValue::from(text.clone())} on_remove={Callback::from(move |()| items.dispatch(Action::Remove(at)))} /> }
    });
    html! { <div><input {onkeydown} /><ul>{ for rows }</ul></div> }
}

/// What is listed for a typed line: the line, or with `search` what the search path answers.
#[cfg(not(feature = "search"))]
fn answer(typed: String) -> String {
    typed
}

/// What is listed for a typed line: the line, or with `search` what the search path answers
/// (an empty feed: the search path's code is linked all the same).
#[cfg(feature = "search")]
fn answer(typed: String) -> String {
    let fetched = talentbrug_floor_search::Fetched::new(Vec::new(), String::new(), Vec::new(), Vec::new(), Vec::new());
    talentbrug_floor_search::first_results(&fetched, "", &typed, "nl").unwrap_or_else(|error| error)
}

/// Renders the list into the page's body.
#[wasm_bindgen]
pub fn start() {
    yew::Renderer::<List>::new().render();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reducer_adds_and_removes_and_ignores_what_is_not_there() {
        let items = Rc::new(Items::default()).reduce(Action::Add("a".into())).reduce(Action::Add("b".into()));
        let items = items.reduce(Action::Remove(5)).reduce(Action::Remove(0));
        assert_eq!(items.0, vec!["b".to_owned()]);
    }
}
