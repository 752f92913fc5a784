// The demo partner's own script (not part of the widget).
// - `?postcode=3000&radius=15&lang=fr` on the page address prefill the widget (handy for links);
// - the widget refuses a feed without the organisation's public key. A real partner pastes the
//   key into the HTML (`public-key="..."`); this demo reads it from feed.json.pub (the same key
//   signs feed v1 and the v2 manifest), which `talentbrug demo` serves, and only then loads the
//   widget, so it starts with its key.
const widget = document.getElementById("talent");
if (widget) {
  const params = new URLSearchParams(location.search);
  for (const name of ["postcode", "radius", "lang"]) {
    const value = params.get(name);
    if (value) widget.setAttribute(name, value);
  }
  if (params.get("lang")) document.documentElement.lang = params.get("lang");
  if (!widget.hasAttribute("public-key")) {
    try {
      const response = await fetch(new URL("feed.json.pub", new URL(widget.getAttribute("feed"), location.href)), { cache: "no-store" });
      const key = response.ok ? (await response.text()).trim() : "";
      if (/^[A-Za-z0-9+/]{43}=$/.test(key)) widget.setAttribute("public-key", key);
    } catch {
      // No key: the widget says it cannot check the profiles.
    }
  }
}
await import("./dist/talentbrug.js");
