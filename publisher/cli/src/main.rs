//! `talentbrug`: the command coaching organisations run.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use talentbrug::{
    demo, demo_feed, demo_records_cmd, export_json_cmd, inbox_cmd, keygen_cmd, network_cmd, publish_cmd, search_cmd, serve_cmd, verify_cmd,
};

/// Talentbrug for coaching organisations: publish anonymous talent profiles, search them,
/// receive blind-interview requests.
#[derive(Debug, Parser)]
#[command(name = "talentbrug", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant, reason = "parsed once per run")]
enum Command {
    /// Write a synthetic feed (no real people) for demos and benchmarks.
    DemoFeed(demo_feed::DemoFeedArgs),
    /// Search a feed as an employer would.
    Search(search_cmd::SearchArgs),
    /// Create the organisation's signing key and id-rotation secret (mode 0600; never overwritten).
    Keygen(keygen_cmd::KeygenArgs),
    /// Publish the coach's export as an anonymous, signed feed.
    Publish(publish_cmd::PublishArgs),
    /// Check a feed's signature, format and expiry as a widget would (v1 feed.json, or a v2
    /// manifest.json and every tile it lists).
    Verify(verify_cmd::VerifyArgs),
    /// Write the profiles of a feed (v1 feed.json or v2 manifest.json with its tiles) as one v1
    /// feed JSON file, for audits and other systems.
    ExportJson(export_json_cmd::ExportJsonArgs),
    /// Write a synthetic coach's export (no real people) to try `publish` on.
    DemoRecords(demo_records_cmd::DemoRecordsArgs),
    /// Serve the widget, the signed feed and the request inbox.
    Serve(serve_cmd::ServeArgs),
    /// The coach's inbox: list, show, set-status, export, vacancies, erase, purge.
    Inbox(inbox_cmd::InboxArgs),
    /// The whole pipeline with synthetic people: records -> publish -> serve with the inbox.
    Demo(demo::DemoArgs),
    /// A network of coaching organisations in one widget: init, add, remove, sign, verify.
    Network(network_cmd::NetworkArgs),
}

/// Prints an error as one line and turns it into a failing exit code.
fn report<E: std::fmt::Display>(result: Result<(), E>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("talentbrug: {e}");
            ExitCode::FAILURE
        }
    }
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::DemoFeed(args) => report(demo_feed::run(args)),
        Command::Search(args) => report(search_cmd::run(args)),
        Command::Keygen(args) => report(keygen_cmd::run(args)),
        Command::Publish(args) => report(publish_cmd::run(args)),
        Command::Verify(args) => report(verify_cmd::run(args)),
        Command::ExportJson(args) => report(export_json_cmd::run(args)),
        Command::DemoRecords(args) => report(demo_records_cmd::run_demo_records(args)),
        Command::Serve(args) => report(serve_cmd::run(args)),
        Command::Inbox(args) => report(inbox_cmd::run(args)),
        Command::Demo(args) => report(demo::run(args)),
        Command::Network(args) => report(network_cmd::run(args)),
    }
}
