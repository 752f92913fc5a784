// The demo network partner's own script (not part of the widget): `?postcode=3000&radius=15&lang=fr`
// on the page address prefill the widget (handy for links), then the widget loads. The page has
// the network's address and the operator's key in its HTML (`network`, `network-key`), as a
// real partner's page would.
const widget = document.getElementById("talent");
if (widget) {
  const params = new URLSearchParams(location.search);
  for (const name of ["postcode", "radius", "lang"]) {
    const value = params.get(name);
    if (value) widget.setAttribute(name, value);
  }
  if (params.get("lang")) document.documentElement.lang = params.get("lang");
}
await import("./dist/talentbrug.js");
