//! `talentbrug serve`: the organisation's server for its widget files, signed feed and inbox (requests and vacancies), over HTTP
//! on `talentbrug-inbox`. Modules: `connections`, `app` (routes), `api`, `vacancy_api`, `status_page`, `vacancy_page`, `webhook`,
//! `feed_*`/`manifest_*` (feed v1 or v2, reloaded only when whole), `static_files`, `cached_bytes`, `policy` (CORS, CSP),
//! `rate_limit`, `client`, `http_url`; `serving` runs it all; `site` serves a partner's site. No signing key: no `talentbrug-publish`.
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
mod vacancy_api;
mod vacancy_page;
mod webhook;

pub use client::{BadCidr, Cidr};
pub use config::{ServeError, ServerConfig};
pub use connections::{ConnectionLimits, DEFAULT_PER_CLIENT};
pub use feed_watch::StartFeedError;
pub use rate_limit::{DEFAULT_GLOBAL_PER_MINUTE, DEFAULT_PER_MINUTE};
pub use serving::{bind, runtime, serve, shutdown_signal, spawn, spawn_on, Running};
pub use site::{serve_site, spawn_site, spawn_site_on, SiteConfig};
pub use webhook::{SecretProblem, WebhookConfig, WebhookError, WebhookSecret, DEFAULT_WEBHOOK_MAX_AGE_DAYS, SIGNATURE_HEADER};
pub use {http_url::HttpUrl, log::log, policy::Origin};
