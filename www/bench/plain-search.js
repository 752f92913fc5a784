// The same search as talentbrug-core, written the way a web developer would without
// WebAssembly: JSON.parse the feed, loop over every profile with the haversine formula,
// filter, score, sort. It must return exactly the core's ids (the benchmark asserts it).

const RAD = Math.PI / 180;
const LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2", "native"];

/** Parses the feed text into plain objects. */
export function loadProfiles(text) {
  return JSON.parse(text).profiles;
}

/** Great-circle distance in km (haversine, mean Earth radius 6371.0088 km, as the core). */
export function haversineKm(lat1, lon1, lat2, lon2) {
  const t1 = lat1 * RAD;
  const t2 = lat2 * RAD;
  const sinLat = Math.sin(((lat2 - lat1) * RAD) / 2);
  const sinLon = Math.sin(((lon2 - lon1) * RAD) / 2);
  const a = sinLat * sinLat + Math.cos(t1) * Math.cos(t2) * (sinLon * sinLon);
  return (6371008.7714 * (2 * Math.asin(Math.sqrt(a)))) / 1000;
}

function parseHours(hours) {
  if (hours === undefined || hours === null) return null;
  if (typeof hours === "string") {
    const [min, max] = hours.split("-").map(Number);
    return { min, max: max ?? min };
  }
  return hours;
}

function parseLanguage(language) {
  if (typeof language === "string") {
    const [lang, level] = language.split(":");
    return { lang: lang.trim().toLowerCase(), level: level.trim() };
  }
  return language;
}

function share(weight, part, whole) {
  return whole === 0 ? 0 : Math.floor((weight * Math.min(part, whole)) / whole);
}

function countIn(list, wanted) {
  let n = 0;
  for (const item of list) if (wanted.includes(item)) n++;
  return n;
}

/** The query's filters and weights, worked out once per search. */
export function compile(query) {
  const c = {
    radius: query.radius_km ?? 10,
    today: query.today,
    hours: parseHours(query.hours),
    languages: (query.languages ?? []).map(parseLanguage),
    occupations: query.occupations ?? [],
    contracts: query.contract_forms ?? [],
    shifts: query.shifts ?? [],
    talents: query.talents ?? [],
    strengths: query.strengths ?? [],
    offered: query.offered ?? [],
    availableBy: query.available_by ?? null,
    limit: query.limit ?? 20,
  };
  if (query.available_now) c.availableBy = c.availableBy && c.availableBy < c.today ? c.availableBy : c.today;
  return c;
}

/** The hit for profile `p` ({ id, score, d }), or null when it does not match. */
export function hitFor(p, origin, c) {
  const d = haversineKm(origin.lat, origin.lon, p.area.lat, p.area.lon);
  if (!(d < c.radius && d < p.reach_km)) return null;
  if (c.occupations.length > 0 && !p.occupations.some((o) => c.occupations.includes(o))) return null;
  if (c.contracts.length > 0 && !p.contract_forms.some((x) => c.contracts.includes(x))) return null;
  if (!c.shifts.every((s) => p.shifts.includes(s))) return null;
  if (c.hours && (p.hours.min > c.hours.max || c.hours.min > p.hours.max)) return null;
  if (c.availableBy && p.available_from > c.availableBy) return null;
  const speaks = (want) => p.languages.some((l) => l.lang === want.lang && LEVELS.indexOf(l.level) >= LEVELS.indexOf(want.level));
  if (!c.languages.every(speaks)) return null;

  let needs = 0;
  if (c.offered.length > 0) {
    needs = p.workplace_needs.length === 0 ? 10 : share(10, countIn(p.workplace_needs, c.offered), p.workplace_needs.length);
  }
  const nearness = Math.round(Math.min(20, Math.max(0, 20 * (1 - d / c.radius))));
  const score =
    share(40, countIn(p.talents, c.talents), c.talents.length) +
    share(20, countIn(p.strengths, c.strengths), c.strengths.length) +
    needs +
    nearness +
    (p.available_from <= c.today ? 10 : 0);
  return { id: p.id, score, d };
}

/** 32-bit FNV-1a of an id's bytes up to its first `_` (ids are ASCII), mixed by MurmurHash3's
 * finaliser: the core's tie order (core/src/tie.rs). */
export function tieKey(id) {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length && id[i] !== "_"; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The best `limit` hits first: score, then distance, then id in tie order (its hash, then it). */
export function best(hits, limit) {
  hits.sort(
    (a, b) =>
      b.score - a.score || a.d - b.d || tieKey(a.id) - tieKey(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return { total: hits.length, ids: hits.slice(0, limit).map((h) => h.id) };
}

/**
 * Searches `profiles` for an employer at `origin` ({lat, lon}, from the postcode) with the
 * plain query object of the core's API. Returns { total, ids } with the best `limit` first.
 */
export function searchProfiles(profiles, query, origin) {
  const c = compile(query);
  const hits = [];
  for (const p of profiles) {
    const hit = hitFor(p, origin, c);
    if (hit) hits.push(hit);
  }
  return best(hits, c.limit);
}
