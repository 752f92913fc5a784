// Iframe mode: embed.html?feed=...&lang=...&postcode=...&radius=...&request-url=...&public-key=...
// Creates the widget from the address and tells the parent page its height whenever it changes
// ({type: "talentbrug:height", height}); talentbrug.js on the parent page, or the snippet in
// integration.html, resizes <iframe data-talentbrug> to it.
//
// Anyone can write an address, so this page takes `feed` and `request-url` only on its own
// origin, or on an origin the organisation lists in embed-origins.json next to this page
// ({"origins": ["https://feeds.example"]}: https, or http on loopback for testing; no file: own
// origin only). Otherwise the widget gets
// no feed and says it is not set up: this page never shows someone else's profiles or sends
// employers' data elsewhere under the organisation's name.
const params = new URLSearchParams(location.search);

async function allowedOrigins() {
  const origins = [location.origin];
  try {
    const response = await fetch(new URL("embed-origins.json", location.href), { cache: "no-store", credentials: "omit" });
    if (response.ok) {
      const listed = (await response.json()).origins;
      for (const origin of Array.isArray(listed) ? listed : []) {
        let url = null;
        try {
          url = new URL(origin);
        } catch {}
        const loopback = url && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
        const secure = url && (url.protocol === "https:" || (url.protocol === "http:" && loopback));
        if (secure && url.origin === String(origin).replace(/\/$/, "")) origins.push(url.origin);
        else console.warn(`talent-brug: embed-origins.json: ${origin} is not an https origin (https://host[:port]); ignored`);
      }
    }
  } catch (error) {
    console.warn("talent-brug: embed-origins.json could not be read; only this page's origin is allowed", error);
  }
  return origins;
}

const origins = await allowedOrigins();
const widget = document.createElement("talent-brug");
const refused = [];
for (const name of ["feed", "lang", "postcode", "radius", "request-url", "public-key"]) {
  const value = params.get(name);
  if (!value) continue;
  if (name === "feed" || name === "request-url") {
    let origin = null;
    try {
      origin = new URL(value, location.href).origin;
    } catch {}
    if (!origins.includes(origin)) {
      refused.push(name);
      continue;
    }
  }
  widget.setAttribute(name, value);
}
if (refused.length) {
  // Not this organisation's addresses: no feed, so nothing is loaded and nothing is sent.
  widget.removeAttribute("feed");
  widget.removeAttribute("request-url");
  console.warn(`talent-brug: ${refused.join(" and ")} must be on ${origins.join(" or ")}; list other origins in embed-origins.json`);
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
