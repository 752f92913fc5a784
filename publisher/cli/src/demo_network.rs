//! The demo as a network (issue 14.5): three fictional coaching organisations around Leuven,
//! each with its own key, synthetic records, signed feed (v1 and v2) and inbox on its own port,
//! and a partner site on a fourth port whose page shows all three in one widget:
//! `<talent-brug network="http://127.0.0.1:8080/network.json" network-key="...">`.
//!
//! | member | who | where its people live |
//! |---|---|---|
//! | `jobpunt` | the city's social service job desk | Leuven and its boroughs |
//! | `maatwerk` | a social workplace | Leuven and the east: Bierbeek, Lubbeek, Tienen, Aarschot |
//! | `interim` | a temp agency | Leuven and the north-west: Herent, Kortenberg, Zaventem, Vilvoorde, Mechelen |
//!
//! So all three have people near 3000 Leuven, only `maatwerk` has people in Tienen and only
//! `interim` in Vilvoorde and Mechelen. The social workplace coaches nobody for office and IT
//! work ([`MEMBERS`]' `not_coached`), so a vacancy for a helpdesk worker near Leuven reaches the
//! city's job desk and the temp agency and not the social workplace (issue 15), also where the
//! feed shows people's ISCO major group only (as with a few hundred people each).
//!
//! The network manifest is made and signed with the operator's commands' own code
//! ([`crate::network_cmd`]): the city runs the partner site and operates the network, with its
//! own key (`DIR/operator.key`), and serves `network.json` and its signature from the partner
//! origin. Each member's request URL is the absolute URL of its own `/api/requests`, whose CORS
//! answers the partner origin only; feeds, manifests and tiles are public and readable from any
//! origin. The partner page (`DIR/partner/index.html`, from `demo_partner.html`) is written on
//! every run with the network's URL and the operator's key, which a real partner pastes once.
//!
//! Layout of `--dir`: `operator.key` (private), `partner/` (the page, `network.json` + `.sig`;
//! public), and per member `<id>/` as for one organisation (see [`crate::demo`]).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use talentbrug_core::esco::EscoCatalogue;
use talentbrug_core::manifest::Manifest;
use talentbrug_core::network::{Member, NetworkManifest};
use talentbrug_core::{Country, EscoId, Gazetteer, Place, Postcode, Publisher, YearMonth};
use talentbrug_private::FileError;
use talentbrug_publish::Record;
use talentbrug_server::{self as server, Origin, Running, ServerConfig, SiteConfig};

use crate::demo::{load_or_make_key, prepare_with, DemoArgs, DemoError, DemoOrg};
use crate::network_cmd::{self, NewNetwork};

/// One fictional member of the demo network.
#[derive(Clone, Copy, Debug)]
pub struct DemoMember {
    /// Its id in the network (prefixes its profile ids in the widget).
    pub id: &'static str,
    /// The name employers see.
    pub name: &'static str,
    /// What kind of organisation it is.
    pub kind: &'static str,
    /// Its contact address.
    pub contact: &'static str,
    /// The prefix of its record ids (`JOB-000001`), so an inbox shows whose person it is.
    pub record_prefix: &'static str,
    /// Where its people live: Belgian postcodes and their weights.
    pub areas: &'static [(u16, u32)],
    /// Occupations (Dutch ESCO labels) it coaches nobody for: none of its people want them.
    pub not_coached: &'static [&'static str],
}

/// The three members, in the order of their ports (partner port + 1, + 2, + 3).
pub const MEMBERS: [DemoMember; 3] = [
    DemoMember {
        id: "jobpunt",
        name: "Jobpunt OCMW Dijlegem",
        kind: "de jobdienst van het OCMW (sociale dienst van de stad)",
        contact: "jobpunt@ocmw-dijlegem.example",
        record_prefix: "JOB",
        areas: &[(3000, 40), (3001, 15), (3010, 20), (3012, 10), (3018, 5)],
        not_coached: &[],
    },
    DemoMember {
        id: "maatwerk",
        name: "Maatwerkbedrijf Dijlewerk",
        kind: "een maatwerkbedrijf (sociale werkplaats)",
        contact: "jobs@dijlewerk.example",
        record_prefix: "MW",
        areas: &[(3000, 25), (3010, 10), (3360, 10), (3210, 10), (3300, 30), (3200, 15)],
        not_coached: &["software tester", "medewerker helpdesk", "assistent-boekhouder"],
    },
    DemoMember {
        id: "interim",
        name: "Interim Dijleland",
        kind: "een uitzendkantoor",
        contact: "kandidaten@interim-dijleland.example",
        record_prefix: "INT",
        areas: &[(3000, 35), (3010, 10), (3020, 10), (3070, 10), (1930, 10), (1800, 20), (2800, 15)],
        not_coached: &[],
    },
];

/// The network's name, shown in the widget.
pub const NETWORK_NAME: &str = "Dijlegem Werkt";

/// A member's synthetic export: `profiles` people (seeded) living in its areas, none of them
/// wanting an occupation it does not coach, with its record ids, as CSV.
pub fn member_records(member: &DemoMember, profiles: usize, seed: u64, today: YearMonth) -> Result<Vec<u8>, DemoError> {
    let places = member
        .areas
        .iter()
        .map(|&(code, weight)| {
            Postcode::new(Country::Be, code).map(|p| (Gazetteer.get(p), weight)).map_err(|e| DemoError::Demo(format!("{}: {e}", member.id)))
        })
        .collect::<Result<Vec<(Place, u32)>, _>>()?;
    let total: u32 = places.iter().map(|p| p.1).sum();
    let mut records = coached_records(member, profiles, seed, today)?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    for (i, record) in records.iter_mut().enumerate() {
        let place = weighted(&places, rng.gen_range(0..total));
        record.place = place;
        record.identity.municipality = place.name.to_owned();
        record.record_id = format!("{}-{:06}", member.record_prefix, i + 1)
            .parse()
            .map_err(|_| DemoError::Demo(format!("{}: record id prefix", member.id)))?;
    }
    Ok(talentbrug_publish::write_csv(&records))
}

/// `profiles` synthetic records (seeded) of people who want none of the occupations `member`
/// does not coach: drawn from a longer list, so each person stays as the generator made them.
fn coached_records(member: &DemoMember, profiles: usize, seed: u64, today: YearMonth) -> Result<Vec<Record>, DemoError> {
    if member.not_coached.is_empty() {
        return Ok(talentbrug_publish::synthetic::records(profiles, seed, today));
    }
    let esco = EscoCatalogue::embedded();
    let left_out = member
        .not_coached
        .iter()
        .map(|label| {
            esco.iter()
                .find(|o| o.labels.label == *label)
                .map(|o| o.id)
                .ok_or_else(|| DemoError::Demo(format!("{}: no ESCO occupation is labelled {label:?}", member.id)))
        })
        .collect::<Result<Vec<EscoId>, _>>()?;
    let mut drawn = profiles;
    loop {
        drawn = drawn * 2 + 10;
        let records: Vec<Record> = talentbrug_publish::synthetic::records(drawn, seed, today)
            .into_iter()
            .filter(|r| !r.occupations.iter().any(|o| left_out.contains(o)))
            .take(profiles)
            .collect();
        if records.len() == profiles {
            return Ok(records.into_iter().enumerate().map(|(i, r)| Record { line: i as u64 + 2, ..r }).collect());
        }
    }
}

/// The item whose share of the weights `r` (below their total) falls in.
fn weighted(items: &[(Place, u32)], mut r: u32) -> Place {
    for (item, weight) in items {
        if r < *weight {
            return *item;
        }
        r -= weight;
    }
    items[items.len() - 1].0
}

/// A member as published and where it is served.
#[derive(Clone, Debug)]
pub struct PreparedMember {
    /// Who it is.
    pub member: DemoMember,
    /// Its files (feed, inbox, private directory, public key).
    pub org: DemoOrg,
    /// Its origin, `http://127.0.0.1:PORT`.
    pub origin: String,
    /// The absolute URL of its feed manifest.
    pub feed_url: String,
    /// The absolute URL of its inbox (`/api/requests`).
    pub request_url: String,
}

/// The demo network on disk, ready to serve.
#[derive(Clone, Debug)]
pub struct DemoNetwork {
    /// The partner site's origin, `http://127.0.0.1:PORT`.
    pub partner_origin: String,
    /// The directory the partner site serves before `www` (page, network manifest).
    pub partner_dir: PathBuf,
    /// The signed network manifest (`partner_dir/network.json`).
    pub network_file: PathBuf,
    /// Its URL, the widget's `network` attribute.
    pub network_url: String,
    /// The operator's public key (base64), the widget's `network-key` attribute.
    pub network_key: String,
    /// The network manifest's sequence.
    pub sequence: u64,
    /// The members, in [`MEMBERS`] order.
    pub members: Vec<PreparedMember>,
}

fn origin_of(addr: SocketAddr) -> String {
    format!("http://{addr}")
}

/// Publishes every member's records in `dir/<id>/` (`profiles` each), makes and signs the
/// network manifest listing them at `member_addrs`, and writes the partner page for the partner
/// at `partner_addr`. Keys are made on the first run and kept; sequences go up on every run.
pub fn prepare_network(
    dir: &Path,
    profiles: usize,
    seed: u64,
    partner_addr: SocketAddr,
    member_addrs: [SocketAddr; 3],
) -> Result<DemoNetwork, DemoError> {
    let today = talentbrug_private::now().month();
    let mut members = Vec::new();
    for (i, (member, addr)) in MEMBERS.iter().zip(member_addrs).enumerate() {
        let records = member_records(member, profiles, seed.wrapping_add(i as u64 * 1000), today)?;
        let publisher = Publisher {
            name: member.name.into(),
            contact: member.contact.into(),
            request_url: "/api/requests".into(),
            privacy_url: "/privacy.html".into(),
        };
        let org = prepare_with(&dir.join(member.id), &records, publisher)?;
        let origin = origin_of(addr);
        members.push(PreparedMember {
            member: *member,
            org,
            feed_url: format!("{origin}/manifest.json"),
            request_url: format!("{origin}/api/requests"),
            origin,
        });
    }
    let partner_origin = origin_of(partner_addr);
    let partner_dir = dir.join("partner");
    std::fs::create_dir_all(&partner_dir).map_err(|e| FileError::new(&partner_dir, e))?;
    let network_file = partner_dir.join("network.json");
    let operator = load_or_make_key(&dir.join("operator.key"))?;
    let now = talentbrug_private::now();
    if network_file.exists() {
        // Last run's network: its members leave and come back at this run's addresses, and the
        // sequence goes on, so browsers that saw it accept this one.
        let listed = NetworkManifest::parse(&std::fs::read(&network_file).map_err(|e| FileError::new(&network_file, e))?)
            .map_err(|e| DemoError::Demo(format!("{}: {e}", network_file.display())))?;
        for m in &listed.members {
            network_cmd::remove_member(&network_file, m.id.as_str())?;
        }
    } else {
        let network = NewNetwork {
            name: NETWORK_NAME.into(),
            contact: "jobs@dijlegem.example".into(),
            operator: Some("Stad Dijlegem (fictief)".into()),
            privacy_url: "/privacy.html".into(),
            expires_in_days: network_cmd::DEFAULT_NETWORK_DAYS,
        };
        network_cmd::create(&network_file, &operator, network, now)?;
    }
    for m in &members {
        let feed = m.org.feed.with_file_name("manifest.json");
        let bytes = std::fs::read(&feed).map_err(|e| FileError::new(&feed, e))?;
        let manifest = Manifest::parse(&bytes).map_err(|e| DemoError::Demo(format!("{}: {e}", feed.display())))?;
        let bbox = network_cmd::covering_box(&manifest).ok_or_else(|| DemoError::Demo(format!("{} published nobody", m.member.id)))?;
        let member = Member {
            id: m.member.id.parse().map_err(|e: talentbrug_core::network::InvalidMemberId| DemoError::Demo(e.to_string()))?,
            name: m.member.name.into(),
            feed: m.feed_url.clone(),
            public_key: m.org.public_key.clone(),
            request_url: m.request_url.clone(),
            privacy_url: format!("{}/privacy.html", m.origin),
            bbox,
        };
        network_cmd::add_member(&network_file, member)?;
    }
    let signed = network_cmd::sign_file(&network_file, &operator, network_cmd::DEFAULT_NETWORK_DAYS, now)?;
    let network = DemoNetwork {
        network_url: format!("{partner_origin}/network.json"),
        network_key: operator.public_key_base64(),
        partner_origin,
        partner_dir,
        network_file,
        sequence: signed.sequence,
        members,
    };
    let page = partner_dir_page(&network);
    let index = network.partner_dir.join("index.html");
    talentbrug_private::write_atomically(&index, page.as_bytes())?;
    Ok(network)
}

/// The partner page with this run's network URL, operator key and members filled in.
fn partner_dir_page(network: &DemoNetwork) -> String {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let members: String = network
        .members
        .iter()
        .map(|m| format!("\n          <li><strong>{}</strong>: {}</li>", escape(m.member.name), escape(m.member.kind)))
        .collect();
    include_str!("demo_partner.html")
        .replace("{{NETWORK_URL}}", &escape(&network.network_url))
        .replace("{{NETWORK_KEY}}", &escape(&network.network_key))
        .replace("{{MEMBERS}}", &members)
}

/// The demo network being served: four servers in the background of the current runtime.
pub struct RunningNetwork {
    /// What is served.
    pub network: DemoNetwork,
    /// The partner site.
    pub partner: Running,
    /// The members' servers, in [`MEMBERS`] order.
    pub members: Vec<Running>,
}

impl RunningNetwork {
    /// Stops every server, letting requests in flight and queued writes finish.
    pub async fn stop(self) -> Result<(), DemoError> {
        self.partner.stop().await?;
        for member in self.members {
            member.stop().await?;
        }
        Ok(())
    }
}

/// The addresses of the partner (`partner`) and of the members: the next three ports, or ports
/// the system picks when `partner`'s port is 0.
pub fn member_addrs(partner: SocketAddr) -> [SocketAddr; 3] {
    let port = |i: u16| if partner.port() == 0 { 0 } else { partner.port().saturating_add(i) };
    [1, 2, 3].map(|i| SocketAddr::new(partner.ip(), port(i)))
}

/// Binds the partner at `partner_addr` and the members ([`member_addrs`]), prepares the network
/// in `dir` and serves it (in the current tokio runtime) with `www` as the site of every server.
pub async fn start(
    dir: &Path,
    www: &Path,
    profiles: usize,
    seed: u64,
    partner_addr: SocketAddr,
    rate_limit_per_minute: u32,
) -> Result<RunningNetwork, DemoError> {
    let partner_listener = server::bind(partner_addr).await?;
    let mut listeners = Vec::new();
    for addr in member_addrs(partner_addr) {
        listeners.push(server::bind(addr).await?);
    }
    let local = |l: &tokio::net::TcpListener| l.local_addr().map_err(|e| DemoError::Serve(e.into()));
    let partner_local = local(&partner_listener)?;
    let members_local = [local(&listeners[0])?, local(&listeners[1])?, local(&listeners[2])?];
    let prepared = {
        let dir = dir.to_owned();
        tokio::task::spawn_blocking(move || prepare_network(&dir, profiles, seed, partner_local, members_local))
            .await
            .map_err(|e| DemoError::Demo(e.to_string()))??
    };
    let mut members = Vec::new();
    let mut connect = Vec::new();
    for (m, listener) in prepared.members.iter().zip(listeners) {
        connect.push(m.origin.parse::<Origin>().map_err(|e| DemoError::Demo(format!("{e}")))?);
        members.push(serve_member(m, &prepared.partner_origin, www, rate_limit_per_minute, listener)?);
    }
    let site = SiteConfig::new(vec![prepared.partner_dir.clone(), www.to_owned()], connect);
    let partner = server::spawn_site_on(site, partner_listener)?;
    Ok(RunningNetwork { network: prepared, partner, members })
}

/// Serves one prepared member on `listener` (in the current tokio runtime): its feed, its inbox
/// answering CORS for `partner_origin` only, and `www` as its site. Also how a test brings a
/// stopped member back on its address.
pub fn serve_member(
    m: &PreparedMember,
    partner_origin: &str,
    www: &Path,
    rate_limit_per_minute: u32,
    listener: tokio::net::TcpListener,
) -> Result<Running, DemoError> {
    let partner_origin: Origin = partner_origin.parse().map_err(|e| DemoError::Demo(format!("{e}")))?;
    let config = ServerConfig {
        www: Some(www.to_owned()),
        allow_origins: vec![partner_origin],
        rate_limit_per_minute,
        public_key: Some(m.org.public_key.clone()),
        public_url: Some(m.origin.clone()),
        private_dir: Some(m.org.private_dir.clone()),
        ..ServerConfig::new(m.org.feed.clone(), m.org.db.clone())
    };
    Ok(server::spawn_on(config, listener)?)
}

/// Runs the demo network until Ctrl-C or SIGTERM.
pub fn run(args: &DemoArgs) -> Result<(), DemoError> {
    let runtime = server::runtime()?;
    runtime.block_on(async {
        let running = start(&args.dir, &args.www, args.profiles, args.seed, args.addr, args.rate_limit_per_minute).await?;
        let n = &running.network;
        println!("Talentbrug demo: a network of three fictional coaching organisations, {NETWORK_NAME}.");
        println!();
        println!("  partner site:  {}/   (one widget for all three)", n.partner_origin);
        println!("  network:       {} (sequence {}), operator key {}", n.network_url, n.sequence, n.network_key);
        for m in &n.members {
            println!("  {:<9}      {}/  {} ({} people; its own demo page too)", m.member.id, m.origin, m.member.name, m.org.published);
        }
        println!();
        println!("Send a request from the widget; it lands in the inbox of the person's organisation:");
        for m in &n.members {
            println!("  talentbrug inbox list --db {}", m.org.db.display());
        }
        println!("Stop with Ctrl-C.");
        server::shutdown_signal().await;
        running.stop().await
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_social_workplace_coaches_nobody_for_office_and_it_work_and_the_others_do() {
        let today: YearMonth = "2026-11".parse().expect("month");
        let tester = "106f79e4-6264-45f1-9e7a-297435cd684b";
        for (member, coaches) in MEMBERS.iter().zip([true, false, true]) {
            let csv = String::from_utf8(member_records(member, 300, 1, today).expect("records")).expect("utf-8");
            assert_eq!(csv.lines().count(), 301, "{}: a header and 300 people", member.id);
            assert_eq!(csv.contains(tester), coaches, "{}: software testers", member.id);
        }
    }
}
