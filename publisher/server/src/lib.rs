//! `talentbrug serve`: the organisation's one server for its widget files, its signed feed and
//! its inbox of blind-interview requests, over HTTP on top of `talentbrug-inbox`.
//!
//! One job per module: `connections` (accepting, time limits, shutdown), `app` (routes), `api` (the request endpoint), `client`
//! (whose address counts), `webhook` (signed delivery to the organisation's system), `feed_files` and `feed_watch` (the served
//! feed pair and its reloading), `manifest_files` and `manifest_watch` (the same for feed v2: the
//! manifest with every tile it lists), `static_files` and `cached_bytes` (web files), `policy` (CORS, CSP), `rate_limit`,
//! `status_page`, `http_url`; `serving` starts and stops it all.
//!
//! This crate cannot reach a signing key: it does not depend on `talentbrug-publish`.
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
pub use serving::{bind, runtime, serve, shutdown_signal, spawn, Running};
pub use webhook::{SecretProblem, WebhookConfig, WebhookError, WebhookSecret, DEFAULT_WEBHOOK_MAX_AGE_DAYS, SIGNATURE_HEADER};
