//! The end-to-end tests, one module per concern, linked into one test binary: each binary links
//! the whole publisher, server and WebDriver stack (about 160 MB in a debug build), so twelve of
//! them cost CI two gigabytes of disk and a minute of linking for nothing. The tests still run two
//! at a time (the default on two cores), each with its own Chromium and server on free ports.

mod bench_browser;
mod inbox_demo_widget;
mod inbox_load_and_kill;
mod network_demo;
mod network_vacancy;
mod widget_a11y;
mod widget_demo;
mod widget_embedding;
mod widget_feed;
mod widget_feed_v2;
mod widget_harness;
mod widget_map;
mod widget_occupations;
mod widget_request;
mod widget_search;
