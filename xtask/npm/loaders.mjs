// The npm package's async loaders against the publisher's real signed files, served over HTTP
// on 127.0.0.1 (static_server.mjs) and read with Node's own `fetch`:
// - `loadFeed`: the feed v2 that `talentbrug demo-feed` wrote next to feed.json gives exactly
//   the v1 results (`TalentIndex.fromJson` on feed.json), fetching only the tiles near each
//   search, each once; a tampered or missing tile is refused and never searched as complete.
// - `loadNetwork`: a network signed with `talentbrug network init/add/sign` (built here, as its
//   member URLs name the server's port) of two served members and one whose server is down:
//   the results are those of one v1 feed pooling both members' profiles, each match naming its
//   member; the member that is down is listed in `missing`.
// Run by `cargo xtask test` in the scratch project (target/npm-test), where xtask wrote the
// feeds, keys and loaders.json.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { initSync, loadFeed, loadNetwork, TalentIndex } from "talentbrug-core";
import { closedPort, serve } from "./static_server.mjs";

initSync({ module: readFileSync(new URL(import.meta.resolve("talentbrug-core/talentbrug_core_bg.wasm"))) });

const fixture = JSON.parse(readFileSync("loaders.json", "utf8"));
const queries = JSON.parse(readFileSync("expected.json", "utf8")).map((c) => c.query);
const v1 = TalentIndex.fromJson(readFileSync("feed.json", "utf8"));
const manifest = JSON.parse(readFileSync("manifest.json", "utf8"));
/** Every tile a feed v2's regions list (the manifest lists regions; each region file its tiles). */
const tilesOf = (dir) => {
  const { regions } = JSON.parse(readFileSync(`${dir}/manifest.json`, "utf8"));
  return regions.flatMap((r) => JSON.parse(readFileSync(`${dir}/${r.path}`, "utf8")).tiles);
};
const allTiles = tilesOf(".");
const LEUVEN = { postcode: "3000", radius_km: 10 };

let server;
let networkUrl;

/** The box [west, south, east, north] around a member's tiles, for `network add --bbox`. */
function bboxOf(dir) {
  const b = tilesOf(dir).map((t) => t.bbox);
  return [Math.min(...b.map((x) => x.west)), Math.min(...b.map((x) => x.south)), Math.max(...b.map((x) => x.east)), Math.max(...b.map((x) => x.north))];
}

function talentbrug(...args) {
  return execFileSync(fixture.talentbrug, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

before(async () => {
  server = await serve(".");
  const down = await closedPort();
  mkdirSync("network", { recursive: true });
  const net = "network/network.json";
  const { operator } = fixture;
  talentbrug("network", "init", "--key", operator.key, "--name", "Leuven werkt", "--contact", "jobs@leuven.example", "--out", net);
  for (const m of fixture.members) {
    const feed = `${server.origin}/${m.dir}/manifest.json`;
    talentbrug("network", "add", net, "--id", m.id, "--name", m.name, "--feed", feed, "--public-key", m.publicKey,
      "--request-url", "/api/requests", "--bbox", bboxOf(m.dir).join(","));
  }
  const d = fixture.down;
  talentbrug("network", "add", net, "--id", d.id, "--name", d.name, "--feed", `http://127.0.0.1:${down}/manifest.json`,
    "--public-key", d.publicKey, "--request-url", "https://uitzend.example/api/requests", "--bbox", "2.5,49.4,7.3,53.6");
  talentbrug("network", "sign", net, "--key", operator.key);
  networkUrl = `${server.origin}/${net}`;
});

after(() => server.close());

const R = 6371.0088;
const rad = (d) => (d * Math.PI) / 180;
function haversineKm(lat1, lon1, lat2, lon2) {
  const a = Math.sin(rad(lat2 - lat1) / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lon2 - lon1) / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(a));
}
/** How far a tile's box is from the origin, beyond what the search and the tile's reach cover (<= 0: needed). */
function beyondKm(tile, origin, radius) {
  const { south, north, west, east } = tile.bbox;
  const lat = Math.min(Math.max(origin.lat, south), north);
  const lon = Math.min(Math.max(origin.lon, west), east);
  return haversineKm(origin.lat, origin.lon, lat, lon) - (Math.min(radius, tile.max_reach_km) + 0.5);
}
const tilesRequested = (prefix = "/tiles/") => server.requests.filter((p) => p.startsWith(prefix) && p.endsWith(".tb2"));
/** Detail chunks (pitches) asked for: each tile's are fetched with it, since the package hands out whole profiles. */
const chunksRequested = () => server.requests.filter((p) => p.endsWith(".tbd"));
const isTalentbrugError = (reason) => (e) => e instanceof Error && e.name === "TalentbrugError" && e.reason === reason;

test("a feed v2 gives the v1 results, fetching only the tiles near each search, once", async () => {
  server.requests.length = 0;
  const feed = await loadFeed(`${server.origin}/manifest.json`, { publicKey: fixture.feed.publicKey });
  assert.deepEqual([...server.requests].sort(), ["/manifest.json", "/manifest.json.sig"]);
  assert.equal(feed.sequence, manifest.sequence);
  assert.equal(feed.regions, manifest.regions.length);
  assert.equal(feed.length, v1.length);
  assert.equal(feed.tilesLoaded, 0, "no tile before a search");
  const byPath = new Map(allTiles.map((t) => [`/${t.path}`, t]));
  const fetched = new Set();
  const regionsFetched = new Set();
  for (const query of queries) {
    server.requests.length = 0;
    const out = await feed.search(query);
    assert.deepEqual(out, v1.search(query), JSON.stringify(query));
    const radius = query.radius_km ?? 10;
    for (const path of server.requests.filter((p) => p.endsWith(".tbi"))) {
      assert.ok(!regionsFetched.has(path), `region ${path} fetched twice`);
      regionsFetched.add(path);
    }
    for (const path of tilesRequested()) {
      assert.ok(!fetched.has(path), `${path} fetched twice`);
      fetched.add(path);
      assert.ok(beyondKm(byPath.get(path), out.origin, radius) <= 0.01, `${path} is not near ${query.postcode}`);
    }
    for (const [path, tile] of byPath) {
      if (beyondKm(tile, out.origin, radius) < -0.01) assert.ok(fetched.has(path), `${path} is near ${query.postcode} but was not fetched`);
    }
  }
  assert.equal(feed.tilesLoaded, fetched.size);
  server.requests.length = 0;
  const chunkless = await loadFeed(`${server.origin}/manifest.json`, { publicKey: fixture.feed.publicKey });
  await chunkless.search(LEUVEN);
  const chunks = chunksRequested();
  assert.ok(chunks.length > 0 && new Set(chunks).size === chunks.length, `each detail chunk once: ${chunks}`);
  assert.ok(fetched.size < allTiles.length / 4, `${fetched.size} of ${allTiles.length} tiles for four cities`);
  assert.ok(regionsFetched.size < manifest.regions.length, `${regionsFetched.size} of ${manifest.regions.length} regions for four cities`);
  server.requests.length = 0;
  assert.deepEqual(await feed.search(queries[0]), v1.search(queries[0]));
  assert.deepEqual(server.requests, [], "a search again fetches nothing");
  const first = (await feed.search(LEUVEN)).matches[0];
  assert.deepEqual(feed.profile(first.id), v1.profile(first.id));
  const pitched = (await feed.search(LEUVEN)).matches.map((m) => feed.profile(m.id)).filter((p) => p.pitch);
  assert.ok(pitched.length > 0, "pitches come in from the detail chunks");
  for (const p of pitched) assert.equal(p.pitch, v1.profile(p.id).pitch);
});

test("loadAll fetches and indexes every tile once, with the v1 feed's profiles", async () => {
  const feed = await loadFeed(`${server.origin}/manifest.json`, { publicKey: fixture.feed.publicKey });
  server.requests.length = 0;
  assert.equal(await feed.loadAll(), v1.length);
  assert.equal(feed.tilesLoaded, allTiles.length);
  const tiles = tilesRequested();
  assert.equal(new Set(tiles).size, allTiles.length, "every tile, once");
  const some = v1.search(LEUVEN).matches.map((m) => m.id);
  for (const id of some) assert.deepEqual(feed.profile(id), v1.profile(id));
  server.requests.length = 0;
  assert.equal(await feed.loadAll(), v1.length);
  assert.deepEqual(server.requests, [], "a second loadAll fetches nothing");
});

test("searches at the same time fetch a tile once", async () => {
  const feed = await loadFeed(`${server.origin}/manifest.json`, { publicKey: fixture.feed.publicKey });
  server.requests.length = 0;
  const [a, b] = await Promise.all([feed.search(LEUVEN), feed.search({ ...LEUVEN, talents: ["packing"] })]);
  assert.deepEqual(a, v1.search(LEUVEN));
  assert.deepEqual(b, v1.search({ ...LEUVEN, talents: ["packing"] }));
  const tiles = tilesRequested();
  assert.ok(tiles.length > 0);
  assert.equal(new Set(tiles).size, tiles.length, "no tile twice");
});

test("a tampered or missing tile is refused, and the next search fetches it again", async () => {
  const feed = await loadFeed(`${server.origin}/manifest.json`, { publicKey: fixture.feed.publicKey });
  let tampered = null;
  server.transform = (path, body) => {
    if (tampered !== null || !path.endsWith(".tb2")) return body;
    tampered = path;
    const copy = Buffer.from(body);
    copy[copy.length - 1] ^= 1;
    return copy;
  };
  await assert.rejects(feed.search(LEUVEN), (e) => isTalentbrugError("tile")(e) && /SHA-256/.test(e.message) && e.url.endsWith(tampered));
  let missing = null;
  server.transform = (path, body) => (path.endsWith(".tb2") && missing === null ? ((missing = path), null) : body);
  const rejected = await feed.search(LEUVEN).then(() => null, (e) => e);
  assert.ok(isTalentbrugError("http")(rejected), String(rejected));
  assert.equal(rejected.status, 404);
  assert.equal(missing, tampered, "the refused tile was asked for again, not taken from a cache");
  server.transform = null;
  assert.deepEqual(await feed.search(LEUVEN), v1.search(LEUVEN), "whole again once the host serves the real tile");
});

test("a feed is refused with the wrong key, rolled back, unreachable, or without a key", async () => {
  const url = `${server.origin}/manifest.json`;
  await assert.rejects(loadFeed(url, { publicKey: fixture.operator.publicKey }), isTalentbrugError("signature"));
  await assert.rejects(loadFeed(url, { publicKey: fixture.feed.publicKey, seenSequence: manifest.sequence + 1 }), isTalentbrugError("rolled_back"));
  await assert.rejects(loadFeed(url, {}), isTalentbrugError("options"));
  await assert.rejects(loadFeed(`${server.origin}/nothing/manifest.json`, { publicKey: fixture.feed.publicKey }), isTalentbrugError("http"));
  await assert.rejects(loadFeed(`http://127.0.0.1:${await closedPort()}/manifest.json`, { publicKey: fixture.feed.publicKey }), isTalentbrugError("fetch"));
  const feed = await loadFeed(url, { publicKey: fixture.feed.publicKey, seenSequence: manifest.sequence });
  await assert.rejects(feed.search({ postcode: "3000", radius: 5 }), (e) => isTalentbrugError("query")(e) && /unknown field `radius`/.test(e.message));
  await assert.rejects(feed.search({ postcode: "3000", hours: "30-10" }), (e) => isTalentbrugError("query")(e) && e.message.startsWith("hours:"));
});

test("a caller's fetch is used instead of the global one", async () => {
  const asked = [];
  const feed = await loadFeed(`${server.origin}/manifest.json`, {
    publicKey: fixture.feed.publicKey,
    fetch: (url) => (asked.push(url), fetch(url)),
  });
  await feed.search(LEUVEN);
  assert.ok(asked.includes(`${server.origin}/manifest.json`) && asked.some((u) => u.includes("/tiles/")), asked.join(" "));
});

/** One v1 feed holding every served member's profiles, each id followed by its member's (`id_member`): the
 * core breaks ties by id, and the network breaks them by the published id, then the member. */
function pooledV1() {
  const feeds = fixture.members.map((m) => [m.id, JSON.parse(readFileSync(`${m.dir}/feed.json`, "utf8"))]);
  const pooled = { ...feeds[0][1], occupations: {}, occupation_groups: {}, profiles: [] };
  for (const [id, feed] of feeds) {
    Object.assign(pooled.occupations, feed.occupations);
    Object.assign(pooled.occupation_groups, feed.occupation_groups ?? {});
    pooled.profiles.push(...feed.profiles.map((p) => ({ ...p, id: `${p.id}_${id}` })));
  }
  return TalentIndex.fromJson(JSON.stringify(pooled));
}

test("a network searches its members as one pool; a member that is down is listed, the others still show", async () => {
  const network = await loadNetwork(networkUrl, { networkKey: fixture.operator.publicKey });
  assert.equal(network.name, "Leuven werkt");
  assert.deepEqual(network.members.map((m) => m.id), [...fixture.members.map((m) => m.id), fixture.down.id]);
  const pooled = pooledV1();
  const membersByID = new Map(fixture.members.map((m) => [m.id, m]));
  for (const query of queries) {
    const out = await network.search(query);
    const expected = pooled.search(query);
    assert.deepEqual(out.missing.map((m) => [m.id, m.name, m.reason]), [[fixture.down.id, fixture.down.name, "fetch"]], JSON.stringify(out.missing));
    assert.equal(out.total, expected.total, JSON.stringify(query));
    assert.deepEqual(out.origin, expected.origin);
    assert.deepEqual(out.matches.map((m) => m.id.split("/").reverse().join("_")), expected.matches.map((m) => m.id));
    out.matches.forEach((m, i) => {
      const e = expected.matches[i];
      const [member, id] = m.id.split("/");
      assert.deepEqual([m.score, m.distance_band, m.why], [e.score, e.distance_band, e.why]);
      assert.deepEqual(m.profile, { ...e.profile, id }, "the profile as its member published it");
      assert.deepEqual(m.member, { id: member, name: membersByID.get(member).name, request_url: `${server.origin}/api/requests`, privacy_url: `${server.origin}/privacy.html` });
    });
  }
  const leuven = await network.search(LEUVEN);
  const members = new Set(leuven.matches.map((m) => m.member.id));
  assert.deepEqual([...members].sort(), fixture.members.map((m) => m.id).sort(), "both served members have people near Leuven");
  const first = leuven.matches[0];
  assert.deepEqual(network.profile(first.id), { id: first.id, member: first.member, profile: first.profile });
  assert.deepEqual(Object.keys(network.memberSequences).sort(), fixture.members.map((m) => m.id).sort());
});

test("a network member whose tile is tampered with is missing; the other member still shows", async () => {
  const network = await loadNetwork(networkUrl, { networkKey: fixture.operator.publicKey });
  const [bad, good] = fixture.members;
  server.transform = (path, body) => (path.startsWith(`/${bad.dir}/tiles/`) ? Buffer.concat([body, Buffer.from([0])]) : body);
  try {
    const out = await network.search(LEUVEN);
    const reasons = Object.fromEntries(out.missing.map((m) => [m.id, m.reason]));
    assert.deepEqual(reasons, { [bad.id]: "tile", [fixture.down.id]: "fetch" });
    assert.ok(out.matches.length > 0 && out.matches.every((m) => m.member.id === good.id), "only the good member's people");
  } finally {
    server.transform = null;
  }
  const healed = await network.search(LEUVEN);
  assert.deepEqual(healed.missing.map((m) => m.id), [fixture.down.id]);
});

test("a network is refused with the wrong key or rolled back", async () => {
  await assert.rejects(loadNetwork(networkUrl, { networkKey: fixture.feed.publicKey }), isTalentbrugError("signature"));
  const { sequence } = JSON.parse(readFileSync("network/network.json", "utf8"));
  await assert.rejects(loadNetwork(networkUrl, { networkKey: fixture.operator.publicKey, seenSequence: sequence + 1 }), isTalentbrugError("rolled_back"));
  await assert.rejects(loadNetwork(networkUrl, {}), isTalentbrugError("options"));
  const [m] = fixture.members;
  const { sequence: memberSequence } = JSON.parse(readFileSync(`${m.dir}/manifest.json`, "utf8"));
  const network = await loadNetwork(networkUrl, { networkKey: fixture.operator.publicKey, seenSequences: { [m.id]: memberSequence + 1 } });
  const out = await network.search(LEUVEN);
  assert.deepEqual(out.missing.find((x) => x.id === m.id)?.reason, "rolled_back", "a member's rolled-back feed is missing, not shown");
});
