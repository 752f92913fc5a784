// The npm package as a developer installs it (`npm install talentbrug-core`), run in Node: the
// same searches as the native `talentbrug search --json` must give the same matches.
// Run by `cargo xtask test` in a scratch project under target/, next to feed.json and
// expected.json (written by xtask from the native CLI).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { initSync, TalentIndex, lookupPostcode, suggestPlaces, vocabulary } from "talentbrug-core";

const wasmUrl = new URL(import.meta.resolve("talentbrug-core/talentbrug_core_bg.wasm"));
initSync({ module: readFileSync(wasmUrl) });

const feedText = readFileSync("feed.json", "utf8");
const expected = JSON.parse(readFileSync("expected.json", "utf8"));
const index = TalentIndex.fromJson(feedText);

test("the feed loads with every profile", () => {
  assert.equal(index.length, JSON.parse(feedText).profiles.length);
  assert.equal(index.publisher.request_url, "/api/requests");
});

for (const { name, query, result } of expected) {
  test(`search gives the native results: ${name}`, () => {
    const out = index.search(query);
    assert.equal(out.total, result.total);
    assert.ok(out.total > 0, "a demo query near a city finds people");
    const strip = (m) => ({ id: m.id, score: m.score, distance_band: m.distance_band, why: m.why });
    assert.deepEqual(out.matches.map(strip), result.matches.map(strip));
    for (const m of out.matches) assert.equal(m.profile.id, m.id);
  });
}

test("a bad query throws an Error naming the field", () => {
  assert.throws(() => index.search({ postcode: "3000", hours: "30-10" }), (e) => e instanceof Error && e.message.startsWith("hours:"));
  assert.throws(() => index.search({ postcode: "3000", radius: 5 }), /unknown field `radius`/);
  assert.throws(() => index.search({ postcode: "Atlantis" }), /^Error: postcode:/);
});

test("postcodes, places and vocabulary", () => {
  const leuven = lookupPostcode("3000 Leuven");
  assert.equal(leuven.postcode, "BE-3000");
  assert.equal(leuven.name, "Leuven");
  assert.equal(lookupPostcode("1011", "NL").country, "NL");
  assert.ok(suggestPlaces("Gen", undefined, 5).some((p) => p.name === "Gent"));
  assert.ok(vocabulary("fr").talents.some((t) => t.code === "packing" && t.label === "Emballage"));
});
