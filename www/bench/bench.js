// Runs the benchmark when the page loads and leaves the result in `window.benchResult` (or the
// failure in `window.benchError`) for the driver (tests/src/bench.rs) to read.
// URL parameters: feed (default /feed.json), wasm_repeats, js_repeats; manifest and key: the
// same feed as feed v2 and its public key, loaded whole from memory (`loadAll`).
import init, { TalentIndex, loadFeed, lookupPostcode } from "/pkg/talentbrug_core.js";
import { loadProfiles, searchProfiles } from "./plain-search.js";
import { loadIndex, searchKdbush } from "./kdbush-search.js";

const params = new URLSearchParams(location.search);
const feedUrl = params.get("feed") ?? "/feed.json";
const wasmRepeats = Number(params.get("wasm_repeats") ?? 30);
const jsRepeats = Number(params.get("js_repeats") ?? 5);
const manifestUrl = params.get("manifest");
const publicKey = params.get("key");

const status = document.getElementById("status");
const say = (text) => (status.textContent = text);
const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Nearest-rank percentile of samples in ms. */
function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

async function fetchText(url) {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

/** Times `run` on every query, `repeats` rounds; returns all samples and per-query samples. */
async function time(queries, repeats, run) {
  const all = [];
  const perQuery = queries.map(() => []);
  for (let round = 0; round < repeats; round++) {
    queries.forEach((q, i) => {
      const start = performance.now();
      run(q);
      const ms = performance.now() - start;
      all.push(ms);
      perQuery[i].push(ms);
    });
    await pause();
  }
  return { all, perQuery };
}

/**
 * Feed v2 whole, from memory: a first `loadAll` through the network records every file's bytes;
 * the timed ones read them from that record. `search`: the manifest verified, every search tile
 * checked against its hash, decoded and indexed (`loadAll({ details: false })`, issue 13's
 * budget); `details`: the same with every detail chunk too (`loadAll()`). Each the median of
 * `V2_LOADS`, alternating. The pitches left for later must come with the first search: the
 * first query's answers are compared.
 */
const V2_LOADS = 5;
async function loadV2(query) {
  const files = new Map();
  const recording = async (url) => {
    const response = await fetch(url, { cache: "no-store" });
    files.set(url, await response.clone().arrayBuffer());
    return response;
  };
  const warm = await loadFeed(manifestUrl, { publicKey, fetch: recording });
  await warm.loadAll();
  const fromMemory = (url) => (files.has(url) ? new Response(files.get(url)) : new Response(null, { status: 404 }));
  const timed = { search: [], details: [] };
  const feeds = {};
  for (let i = 0; i < V2_LOADS; i++) {
    for (const [name, options] of [["search", { details: false }], ["details", {}]]) {
      const start = performance.now();
      const feed = await loadFeed(manifestUrl, { publicKey, fetch: fromMemory });
      const count = await feed.loadAll(options);
      timed[name].push(performance.now() - start);
      if (count !== warm.length) throw new Error(`feed v2 loaded ${count} profiles of ${warm.length}`);
      feeds[name] = feed;
      await pause();
    }
  }
  const [later, now] = await Promise.all([feeds.search.search(query), feeds.details.search(query)]);
  if (JSON.stringify(later) !== JSON.stringify(now)) throw new Error("pitches left for later did not come with the first search");
  return { search: percentile(timed.search, 0.5), details: percentile(timed.details, 0.5) };
}

async function run() {
  say("Loading the WebAssembly module…");
  await init({ module_or_path: "/pkg/talentbrug_core_bg.wasm" });
  const { queries } = JSON.parse(await fetchText("/bench/queries.json"));

  say("Loading the feed into the wasm core…");
  let start = performance.now();
  const index = TalentIndex.fromJson(await fetchText(feedUrl));
  const wasmLoadMs = performance.now() - start;
  await pause();

  say("Loading feed v2 (every tile) into the wasm core…");
  const v2 = manifestUrl ? await loadV2(queries[0].query) : { search: null, details: null };

  say("Loading the feed into plain JavaScript…");
  start = performance.now();
  const profiles = loadProfiles(await fetchText(feedUrl));
  const jsLoadMs = performance.now() - start;
  await pause();

  say("Loading the feed into kdbush…");
  start = performance.now();
  const kd = loadIndex(await fetchText(feedUrl));
  const kdbushLoadMs = performance.now() - start;

  // The employer's postcode is resolved once per query for the plain JS version (it has no
  // gazetteer); the wasm search resolves it itself, inside the timing.
  const cases = queries.map(({ name, query }) => ({ name, query, origin: lookupPostcode(query.postcode, query.country) }));

  say("Comparing results…");
  const checks = cases.map(({ name, query, origin }) => {
    const wasm = index.search(query);
    const js = searchProfiles(profiles, query, origin);
    const kdbush = searchKdbush(kd, query, origin);
    const wasmIds = wasm.matches.map((m) => m.id);
    const same = (other) => wasm.total === other.total && JSON.stringify(wasmIds) === JSON.stringify(other.ids);
    return {
      name,
      total: wasm.total,
      js_total: js.total,
      kdbush_total: kdbush.total,
      ids: wasmIds,
      js_ids: js.ids,
      kdbush_ids: kdbush.ids,
      same: same(js) && same(kdbush),
    };
  });

  say("Timing the wasm search…");
  time(cases, 2, ({ query }) => index.search(query)); // warm-up
  const wasm = await time(cases, wasmRepeats, ({ query }) => index.search(query));
  say("Timing the plain JavaScript search…");
  await time(cases, 1, ({ query, origin }) => searchProfiles(profiles, query, origin)); // warm-up
  const js = await time(cases, jsRepeats, ({ query, origin }) => searchProfiles(profiles, query, origin));
  say("Timing the kdbush search…");
  await time(cases, 2, ({ query, origin }) => searchKdbush(kd, query, origin)); // warm-up
  const kdbush = await time(cases, wasmRepeats, ({ query, origin }) => searchKdbush(kd, query, origin));

  const result = {
    profiles: index.length,
    queries: cases.length,
    wasm_search_p50_ms: percentile(wasm.all, 0.5),
    wasm_search_p95_ms: percentile(wasm.all, 0.95),
    js_search_p50_ms: percentile(js.all, 0.5),
    js_search_p95_ms: percentile(js.all, 0.95),
    kdbush_search_p50_ms: percentile(kdbush.all, 0.5),
    kdbush_search_p95_ms: percentile(kdbush.all, 0.95),
    wasm_load_ms: wasmLoadMs,
    wasm_v2_load_ms: v2.search,
    wasm_v2_load_details_ms: v2.details,
    js_load_ms: jsLoadMs,
    kdbush_load_ms: kdbushLoadMs,
    timer_resolution_note: crossOriginIsolated ? "cross-origin isolated: 5 µs timer" : "not isolated: 100 µs timer",
    all_same_ids: checks.every((c) => c.same),
    per_query: checks.map((c, i) => ({
      ...c,
      wasm_p50_ms: percentile(wasm.perQuery[i], 0.5),
      js_p50_ms: percentile(js.perQuery[i], 0.5),
      kdbush_p50_ms: percentile(kdbush.perQuery[i], 0.5),
    })),
  };
  show(result);
  return result;
}

function show(result) {
  const body = document.querySelector("#results tbody");
  for (const q of result.per_query) {
    const row = body.insertRow();
    row.className = q.same ? "" : "mismatch";
    for (const cell of [q.name, q.total, q.wasm_p50_ms.toFixed(3), q.js_p50_ms.toFixed(3), q.kdbush_p50_ms.toFixed(3), q.same ? "yes" : "NO"]) {
      row.insertCell().textContent = cell;
    }
  }
  document.getElementById("results").hidden = false;
  const speedup = result.js_search_p50_ms / result.wasm_search_p50_ms;
  document.getElementById("summary").textContent =
    `${result.profiles} profiles; wasm p50 ${result.wasm_search_p50_ms.toFixed(3)} ms, p95 ${result.wasm_search_p95_ms.toFixed(3)} ms; ` +
    `JS p50 ${result.js_search_p50_ms.toFixed(3)} ms (${speedup.toFixed(1)}x); kdbush p50 ${result.kdbush_search_p50_ms.toFixed(3)} ms; ` +
    `wasm load ${result.wasm_load_ms.toFixed(0)} ms, JS load ${result.js_load_ms.toFixed(0)} ms, kdbush load ${result.kdbush_load_ms.toFixed(0)} ms`;
  say(result.all_same_ids ? "Done: all three give the same ids." : "Done: the ids DIFFER.");
}

run().then(
  (result) => (window.benchResult = result),
  (error) => {
    window.benchError = String(error && error.stack ? error.stack : error);
    say(`Failed: ${error}`);
  },
);
