//! `talentbrug serve`: the organisation's one server for its widget files, its signed feed and its inbox of blind-interview
//! requests, over HTTP on top of `talentbrug-inbox`. One job per module: `connections`, `app` (routes), `api` (requests), `client`,
//! `webhook`, `feed_files`/`feed_watch` and `manifest_files`/`manifest_watch` (the served feed v1 pair or v2 manifest with its
//! tiles, reloaded only when whole), `static_files`, `cached_bytes`, `policy` (CORS, CSP), `rate_limit`, `status_page`, `http_url`;
//! `serving` runs it all; `site` serves a partner's site (no inbox). It cannot reach a signing key: no `talentbrug-publish`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod api;
mod app;
mod cached_bytes;
mod client;
mod config;
mod connections;
mod feed_files;
mod feed_watch;
mod http_url;
mod log;
mod manifest_files;
mod manifest_watch;
mod policy;
mod rate_limit;
mod serving;
mod site;
mod static_files;
mod status_page;
mod webhook;

pub use client::{BadCidr, Cidr};
pub use config::{ServeError, ServerConfig};
pub use connections::{ConnectionLimits, DEFAULT_PER_CLIENT};
pub use feed_watch::StartFeedError;
pub use http_url::HttpUrl;
pub use log::log;
pub use policy::Origin;
pub use rate_limit::{DEFAULT_GLOBAL_PER_MINUTE, DEFAULT_PER_MINUTE};
pub use serving::{bind, runtime, serve, shutdown_signal, spawn, spawn_on, Running};
pub use site::{serve_site, spawn_site, spawn_site_on, SiteConfig};
pub use webhook::{SecretProblem, WebhookConfig, WebhookError, WebhookSecret, DEFAULT_WEBHOOK_MAX_AGE_DAYS, SIGNATURE_HEADER};
