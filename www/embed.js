// Iframe mode: embed.html?feed=...&lang=...&postcode=...&radius=...&request-url=...&public-key=...
// Creates the widget from the address and tells the parent page its height whenever it changes
// ({type: "talentbrug:height", height}); talentbrug.js on the parent page, or the snippet in
// integration.html, resizes <iframe data-talentbrug> to it.
const params = new URLSearchParams(location.search);
const widget = document.createElement("talent-brug");
for (const name of ["feed", "lang", "postcode", "radius", "request-url", "public-key"]) {
  const value = params.get(name);
  if (value) widget.setAttribute(name, value);
}
if (params.get("lang")) document.documentElement.lang = params.get("lang");
document.getElementById("widget").append(widget);

let last = 0;
function report() {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (height !== last && window.parent !== window) {
    last = height;
    window.parent.postMessage({ type: "talentbrug:height", height }, "*");
  }
}
new ResizeObserver(report).observe(document.documentElement);
// The widget's dialog is in the top layer and does not change the page's height: give it room.
document.addEventListener("toggle", report, true);
report();
