//! The TypeScript types of what the functions return (wasm-bindgen writes them into the `.d.ts`).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A search as plain data. Only `postcode` is required. */
export interface SearchQuery {
  postcode: string;
  country?: "BE" | "NL";
  radius_km?: number;
  occupations?: string[];
  contract_forms?: string[];
  hours?: { min: number; max: number } | string;
  shifts?: string[];
  available_by?: string;
  available_now?: boolean;
  languages?: (string | { lang: string; level: string })[];
  talents?: string[];
  strengths?: string[];
  offered?: string[];
  limit?: number;
  today?: string;
}
export interface Place { postcode: string; code: string; country: "BE" | "NL"; name: string; lat: number; lon: number; region: string; }
export interface Profile {
  id: string;
  area: { postcode: string; label: string; lat: number; lon: number };
  reach_km: number;
  travel_modes: string[];
  occupations: string[];
  /** ISCO-08 groups shown where an exact occupation would single the person out. */
  occupation_groups?: string[];
  /** The labels of `occupations`, in the same order. */
  occupation_labels: Labels[];
  /** The labels of `occupation_groups` ("heftruckchauffeur e.a."), in the same order. */
  occupation_group_labels: Labels[];
  talents: string[];
  strengths: string[];
  languages: { lang: string; level: string }[];
  hours: { min: number; max: number };
  shifts: string[];
  available_from: string;
  contract_forms: string[];
  job_coaching: boolean;
  workplace_needs: string[];
  pitch?: string;
}
export interface Match { id: string; score: number; distance_band: "<5" | "5-10" | "10-20" | "20+"; why: string[]; profile: Profile; }
export interface SearchResult { origin: Place; total: number; matches: Match[]; }
export interface Publisher { name: string; contact: string; request_url: string; privacy_url: string; }
/** Preferred labels in Dutch, French and English (French and English are the Dutch one where the feed has none). */
export interface Labels { id?: string; nl: string; fr: string; en: string; }
/** `label` and `alt_labels` in the language asked for; `matched` is the label that matched, in `matched_lang`. */
export interface OccupationHit { id: string; label: string; alt_labels: string[]; labels: Labels; matched: string; matched_lang: "nl" | "fr" | "en"; }
/**
 * How `loadFeed` and `loadNetwork` fetch: the global `fetch` unless the options give one. Bodies are read through
 * `response.body.getReader()`, no further than the file may be (never past 4 MB), and the rest is cancelled. A `Response`
 * without such a stream (node-fetch 2, a plain mock) is read whole with `arrayBuffer()` before its length is checked.
 */
export type FetchLike = (url: string) => Promise<Response> | Response;
export interface LoadFeedOptions {
  /** The organisation's Ed25519 public key (base64), as `talentbrug keygen` printed it. */
  publicKey: string;
  /** The highest `sequence` seen before: an older manifest is refused (`rolled_back`). */
  seenSequence?: number;
  fetch?: FetchLike;
}
export interface LoadAllOptions {
  /** `false`: leave the pitches (the detail chunks) until a search needs them. Default `true`. */
  details?: boolean;
}
export interface LoadNetworkOptions {
  /** The network operator's Ed25519 public key (base64), as `talentbrug network init` printed it. */
  networkKey: string;
  /** The highest network `sequence` seen before. */
  seenSequence?: number;
  /** Per member id, the highest feed sequence seen before (`network.memberSequences`). */
  seenSequences?: Record<string, number>;
  fetch?: FetchLike;
}
/**
 * Stable codes of what went wrong: `options` (a bad option), `fetch` (no answer), `http` (an answer that is not 2xx),
 * `signature`, `invalid` (not a valid manifest), `expired`, `issued_in_future`, `rolled_back`, `tile` (a tile's bytes are
 * not what the signed manifest lists), `query` (a bad query; the message starts with the field).
 */
export type LoadErrorReason = "options" | "fetch" | "http" | "signature" | "invalid" | "expired" | "issued_in_future" | "rolled_back" | "tile" | "query";
/** What `loadFeed`, `loadNetwork` and their `search` reject with: an `Error` named `TalentbrugError`. */
export interface TalentbrugError extends Error { name: "TalentbrugError"; reason: LoadErrorReason; url?: string; status?: number; }
/** A network member as a match names it; `request_url` and `privacy_url` are absolute. */
export interface NetworkMember { id: string; name: string; request_url: string; privacy_url: string; }
export interface NetworkOperator { name: string; contact: string; privacy_url: string; }
/** `id` is `member/profile`, unique in the network; `profile.id` is the id the member published (send that to `member.request_url`). */
export interface NetworkMatch extends Match { member: NetworkMember; }
/** A member near the search whose profiles are not in the results. */
export interface MissingMember { id: string; name: string; reason: LoadErrorReason; message: string; }
export interface NetworkSearchResult { origin: Place; total: number; matches: NetworkMatch[]; missing: MissingMember[]; }
export interface NetworkProfile { id: string; member: NetworkMember; profile: Profile; }
export interface VocabularyEntry { code: string; label: string; }
export interface Vocabulary { talents: VocabularyEntry[]; strengths: VocabularyEntry[]; workplace_needs: VocabularyEntry[]; contract_forms: VocabularyEntry[]; shifts: VocabularyEntry[]; travel_modes: VocabularyEntry[]; }
"#;
