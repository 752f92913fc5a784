// The demo partner's own script (not part of the widget).
// - `?postcode=3000&radius=15&lang=fr` on the page address prefill the widget (handy for links);
// - when the demo server publishes the organisation's public key at feed.json.pub, the widget
//   gets it as `public-key`, so only a correctly signed, current feed is shown. A real partner
//   pastes the key into the HTML instead.
const widget = document.getElementById("talent");
if (widget) {
  const params = new URLSearchParams(location.search);
  for (const name of ["postcode", "radius", "lang"]) {
    const value = params.get(name);
    if (value) widget.setAttribute(name, value);
  }
  if (params.get("lang")) document.documentElement.lang = params.get("lang");
  fetch(new URL(widget.getAttribute("feed") + ".pub", location.href), { cache: "no-store" })
    .then((response) => (response.ok ? response.text() : ""))
    .then((key) => {
      key = key.trim();
      if (/^[A-Za-z0-9+/]{43}=$/.test(key)) widget.setAttribute("public-key", key);
    })
    .catch(() => {});
}
