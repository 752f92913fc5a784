//! Mounting the widget into a `<talent-brug>` element's shadow root, and the handle the loader
//! keeps to update or remove it.

use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRootInit, ShadowRootMode};
use yew::AppHandle;

use crate::components::app::{App, AppProps};
use crate::settings::{self, Settings};
use crate::styles;

/// One mounted widget; the loader keeps it on the element to update or remove it.
#[wasm_bindgen]
pub struct Widget {
    host: HtmlElement,
    app: Option<AppHandle<App>>,
}

fn page_langs() -> Vec<String> {
    let window = web_sys::window();
    let mut langs = Vec::new();
    if let Some(root) = window.as_ref().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        langs.extend(root.get_attribute("lang"));
    }
    if let Some(nav) = window.map(|w| w.navigator()) {
        langs.extend(nav.languages().iter().filter_map(|l| l.as_string()));
    }
    langs
}

/// The settings written on `host`.
pub fn settings_of(host: &HtmlElement) -> Settings {
    Settings::read(|name| host.get_attribute(name), &page_langs())
}

/// Renders the widget into `host`'s open shadow root (created if needed), styled by the shared
/// constructed stylesheet.
#[wasm_bindgen]
pub fn mount(host: HtmlElement) -> Result<Widget, JsValue> {
    let root = match host.shadow_root() {
        Some(root) => root,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    styles::adopt(&root);
    root.set_inner_html("");
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsValue::from_str("no document"))?;
    let container = document.create_element("div")?;
    container.set_class_name("tb-root");
    root.append_child(&container)?;
    let props = AppProps { settings: settings_of(&host) };
    let app = yew::Renderer::<App>::with_root_and_props(container, props).render();
    Ok(Widget { host, app: Some(app) })
}

#[wasm_bindgen]
impl Widget {
    /// Re-reads the element's attributes after one changed.
    pub fn update(&mut self) {
        let settings = settings_of(&self.host);
        if let Some(app) = self.app.as_mut() {
            app.update(AppProps { settings });
        }
    }

    /// Removes the widget (the element left the page).
    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }

    /// The attributes the element observes.
    #[wasm_bindgen(js_name = observedAttributes)]
    pub fn observed_attributes() -> Vec<String> {
        settings::ATTRIBUTES.iter().map(|s| s.to_string()).collect()
    }
}
