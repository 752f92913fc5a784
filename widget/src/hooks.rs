//! The widget's own hooks, shared by its components.

pub mod use_combobox;
pub mod use_feed;
pub mod use_modal;
pub mod use_pitches;
pub mod use_prop_state;
