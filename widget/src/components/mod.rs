//! The widget's yew components: one file per part of the screen.

pub mod app;
pub mod code_checks;
pub mod employer_fields;
pub mod filter_panel;
pub mod form_field;
pub mod listbox;
pub mod occupation_combo;
pub mod profile_card;
pub mod profile_details;
pub mod profile_dialog;
pub mod reach_map;
pub mod request_form;
pub mod results;
pub mod search_bar;
pub mod vacancy_dialog;
pub mod vacancy_fields;
pub mod vacancy_form;
pub mod vacancy_outcome;
