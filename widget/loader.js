
// ---- Talentbrug loader (appended to the wasm-bindgen glue by `cargo xtask build`) ----
// Defines <talent-brug>. The wasm is fetched once per page, next to this file
// (talentbrug_bg.wasm, relative to import.meta.url), however many widgets the page has.
// Also sizes <iframe data-talentbrug> embeds to their content (see www/embed.html).

let talentbrugReady = null;
function talentbrugStart() {
  if (!talentbrugReady) {
    talentbrugReady = __wbg_init({ module_or_path: new URL("talentbrug_bg.wasm", import.meta.url) });
  }
  return talentbrugReady;
}

// The feed's head (a manifest or a network manifest) and its signature are fetched while the
// wasm downloads and compiles, instead of after: the widget takes each answer once, when it
// asks for that same URL within a minute (widget/src/fetch.rs). A global symbol, so several
// copies of this file on one page share it without a global name.
const talentbrugEarlyKey = Symbol.for("talentbrug.early");
const talentbrugEarly =
  globalThis[talentbrugEarlyKey] ||
  (globalThis[talentbrugEarlyKey] = {
    answers: new Map(),
    take(url) {
      const early = this.answers.get(url);
      this.answers.delete(url);
      return early && performance.now() - early.at < 60000 ? early.answer : undefined;
    },
  });

function talentbrugFetchEarly(element) {
  const network = element.getAttribute("network");
  const head = (network || element.getAttribute("feed") || "").trim();
  if (!head) return;
  let url;
  try {
    url = new URL(head, document.baseURI);
  } catch {
    return;
  }
  const urls = [url.href];
  if (network || element.hasAttribute("public-key")) {
    const sig = new URL(url.href);
    sig.pathname += ".sig";
    urls.push(sig.href);
  }
  for (const u of urls) {
    // A failed early fetch answers null: the widget then fetches for itself.
    if (!talentbrugEarly.answers.has(u)) talentbrugEarly.answers.set(u, { at: performance.now(), answer: fetch(u).catch(() => null) });
  }
}

class TalentBrugElement extends HTMLElement {
  static get observedAttributes() {
    return ["feed", "network", "network-key", "lang", "postcode", "radius", "request-url", "public-key", "unsigned"];
  }

  connectedCallback() {
    if (this._widget || this._starting) return;
    talentbrugFetchEarly(this);
    this._starting = talentbrugStart()
      // A task of its own for the first render, apart from instantiating the wasm (shorter
      // tasks: the page stays responsive while the widget starts).
      .then(() => new Promise((resolve) => setTimeout(resolve)))
      .then(() => {
        this._starting = null;
        if (this.isConnected && !this._widget) this._widget = mount(this);
      })
      .catch((error) => {
        this._starting = null;
        console.error("talent-brug: the widget could not start", error);
      });
  }

  disconnectedCallback() {
    if (this._widget) {
      this._widget.destroy();
      this._widget.free();
      this._widget = null;
    }
  }

  attributeChangedCallback(name, before, after) {
    if (this._widget && before !== after) this._widget.update();
  }
}

if (!customElements.get("talent-brug")) {
  customElements.define("talent-brug", TalentBrugElement);
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || typeof data.type !== "string") return;
    for (const frame of document.querySelectorAll("iframe[data-talentbrug]")) {
      if (frame.contentWindow !== event.source) continue;
      if (data.type === "talentbrug:height" && typeof data.height === "number") {
        frame.style.height = Math.ceil(Math.min(Math.max(data.height, 200), 20000)) + "px";
      } else if (data.type === "talentbrug:show" && typeof data.top === "number") {
        // A dialog opened in the frame: scroll it into view.
        window.scrollBy(0, frame.getBoundingClientRect().top + data.top - 16);
      }
    }
  });
}

export { talentbrugStart as start };
