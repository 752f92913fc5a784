//! The widget's look: one constructed stylesheet shared by every widget on the page, adopted by
//! each shadow root. Constructed sheets are not blocked by a strict `style-src 'self'` policy,
//! unlike `<style>` elements and `style` attributes (which the widget never uses).
//! Partners theme it through CSS custom properties on `talent-brug` (`--tb-accent`, ...).

use std::cell::RefCell;

use wasm_bindgen::JsValue;
use web_sys::{CssStyleSheet, ShadowRoot};

/// The stylesheet text (`styles.css` compacted by the build script).
pub const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/styles.css"));

thread_local! {
    static SHEET: RefCell<Option<CssStyleSheet>> = const { RefCell::new(None) };
}

fn sheet() -> Option<CssStyleSheet> {
    SHEET.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            let sheet = CssStyleSheet::new().ok()?;
            sheet.replace_sync(CSS).ok()?;
            *cell = Some(sheet);
        }
        cell.clone()
    })
}

/// Applies the shared stylesheet to a shadow root.
pub fn adopt(root: &ShadowRoot) {
    if let Some(sheet) = sheet() {
        let sheets = js_sys::Array::of1(&sheet);
        let _ = js_sys::Reflect::set(root, &JsValue::from_str("adoptedStyleSheets"), &sheets);
    }
}
