//! Why loading or searching a feed v2 or a network failed, and how that reaches JS: an `Error`
//! named `TalentbrugError` whose `reason` is one of a few stable codes ([`LoadError::reason`]),
//! with the `url` it concerns and, for HTTP answers, the `status`.

use talentbrug_core::api::QueryError;
use talentbrug_core::freshness::Stale;
use talentbrug_core::manifest::ManifestError;
use talentbrug_core::network::NetworkError;
use talentbrug_core::FeedError;
use wasm_bindgen::prelude::*;

/// The `name` of every error the loaders throw or reject with.
pub(crate) const ERROR_NAME: &str = "TalentbrugError";

/// Why a load or a search failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LoadError {
    /// The options object lacks something or has a wrong type.
    #[error("options: {0}")]
    Options(String),
    /// The request did not get an answer (no server, DNS, CORS, offline).
    #[error("{url}: the request failed ({message})")]
    Unreachable {
        /// What was requested.
        url: String,
        /// What `fetch` said.
        message: String,
    },
    /// The server answered, but not with 2xx.
    #[error("{url}: the server answered HTTP {status}")]
    Status {
        /// What was requested.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// The server's answer for a manifest is longer than any manifest may be; the rest was not
    /// read.
    #[error("{url}: the answer is longer than {limit} bytes, more than any manifest may be")]
    TooLarge {
        /// What was requested.
        url: String,
        /// The most bytes a manifest may have.
        limit: usize,
    },
    /// A feed manifest or one of its tiles was refused.
    #[error("{url}: {source}")]
    Manifest {
        /// The manifest's or the tile's URL.
        url: String,
        /// Why.
        source: ManifestError,
    },
    /// A network manifest was refused.
    #[error("{url}: {source}")]
    Network {
        /// The network manifest's URL.
        url: String,
        /// Why.
        source: NetworkError,
    },
    /// The profiles of a feed's tiles do not make a valid feed together (an id twice, an
    /// occupation without a label in the manifest).
    #[error("{url}: {source}")]
    Feed {
        /// The manifest's URL.
        url: String,
        /// Why.
        source: FeedError,
    },
    /// The query is not a query, or a field has a bad value; the message starts with the field.
    #[error("{0}")]
    Query(String),
}

impl From<QueryError> for LoadError {
    fn from(e: QueryError) -> LoadError {
        LoadError::Query(e.to_string())
    }
}

fn stale_reason(stale: &Stale) -> &'static str {
    match stale {
        Stale::IssuedInFuture { .. } => "issued_in_future",
        Stale::Expired { .. } => "expired",
        Stale::RolledBack { .. } => "rolled_back",
    }
}

impl LoadError {
    /// The stable code of what went wrong: `options`, `fetch` (no answer), `http` (an answer
    /// that is not 2xx), `signature`, `invalid` (not a valid manifest or feed), `expired`,
    /// `issued_in_future`, `rolled_back`, `tile` (a tile's or region file's bytes are not what
    /// the signed manifest lists) or `query`.
    pub fn reason(&self) -> &'static str {
        match self {
            LoadError::Options(_) => "options",
            LoadError::Unreachable { .. } => "fetch",
            LoadError::Status { .. } => "http",
            LoadError::Manifest { source, .. } => match source {
                ManifestError::Invalid(_) => "invalid",
                ManifestError::Signature(_) => "signature",
                ManifestError::Expired { .. } => "expired",
                ManifestError::IssuedInFuture { .. } => "issued_in_future",
                ManifestError::RolledBack { .. } => "rolled_back",
                // A region file is a part of the feed like a tile: the same code for callers.
                ManifestError::Tile { .. } | ManifestError::Region { .. } => "tile",
            },
            LoadError::Network { source, .. } => match source {
                NetworkError::Invalid(_) => "invalid",
                NetworkError::Signature(_) => "signature",
                NetworkError::Stale(stale) => stale_reason(stale),
            },
            LoadError::Feed { .. } | LoadError::TooLarge { .. } => "invalid",
            LoadError::Query(_) => "query",
        }
    }

    /// The URL the error concerns, if any.
    pub fn url(&self) -> Option<&str> {
        match self {
            LoadError::Unreachable { url, .. }
            | LoadError::Status { url, .. }
            | LoadError::Manifest { url, .. }
            | LoadError::Network { url, .. }
            | LoadError::Feed { url, .. }
            | LoadError::TooLarge { url, .. } => Some(url),
            LoadError::Options(_) | LoadError::Query(_) => None,
        }
    }

    /// The error as JS sees it: an `Error` named `TalentbrugError` with `reason`, and `url` and
    /// `status` where they apply.
    pub fn to_js(&self) -> JsValue {
        let error = js_sys::Error::new(&self.to_string());
        error.set_name(ERROR_NAME);
        let set = |key: &str, value: JsValue| {
            // Setting a property on a fresh Error object cannot fail.
            let _ = js_sys::Reflect::set(&error, &JsValue::from_str(key), &value);
        };
        set("reason", JsValue::from_str(self.reason()));
        if let Some(url) = self.url() {
            set("url", JsValue::from_str(url));
        }
        if let LoadError::Status { status, .. } = self {
            set("status", JsValue::from(*status));
        }
        error.into()
    }
}

impl From<LoadError> for JsValue {
    fn from(e: LoadError) -> JsValue {
        e.to_js()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_stable_codes() {
        let expired = ManifestError::Expired { expires_at: "2026-01-01T00:00:00Z".parse().unwrap() };
        let e = LoadError::Manifest { url: "https://a.example/manifest.json".into(), source: expired };
        assert_eq!(e.reason(), "expired");
        assert_eq!(e.to_string(), "https://a.example/manifest.json: the feed expired at 2026-01-01T00:00:00Z");
        let tile = ManifestError::Tile { key: "be-1".into(), message: "its SHA-256 is not the one the manifest lists".into() };
        assert_eq!(LoadError::Manifest { url: "u".into(), source: tile }.reason(), "tile");
        let rolled = NetworkError::Stale(Stale::RolledBack { sequence: 3, seen: 4 });
        assert_eq!(LoadError::Network { url: "u".into(), source: rolled }.reason(), "rolled_back");
        assert_eq!(LoadError::Status { url: "u".into(), status: 404 }.reason(), "http");
        assert_eq!(LoadError::Unreachable { url: "u".into(), message: "fetch failed".into() }.reason(), "fetch");
        assert_eq!(LoadError::Query("hours: bad".into()).url(), None);
        let long = LoadError::TooLarge { url: "https://a.example/manifest.json".into(), limit: 4 };
        assert_eq!((long.reason(), long.url()), ("invalid", Some("https://a.example/manifest.json")));
        assert_eq!(long.to_string(), "https://a.example/manifest.json: the answer is longer than 4 bytes, more than any manifest may be");
    }
}
