//! The widget files and the organisation's pages, served from one directory (`--www`), with the
//! right content types, ETags and gzip. Only plain paths inside that directory are served:
//! no `..`, no hidden files, no symlinks out, nothing in a `*.private` directory, and only web
//! file types ([`SERVED`], any case, also pre-compressed as `.gz` / `.br`): a database, its
//! `-wal`, a key, a CSV export, a report or an editor's backup is not served even when it ends up
//! in the directory. Nothing in or below a directory marked private
//! ([`talentbrug_private::PRIVATE_MARKER`], which every private directory holds, whatever its
//! name, also through a symlink) is served, and no JSON or text file that holds a `record_id` or
//! is a private file by its format (publish's report, an id mapping, the state, the groups), nor
//! a JSON file's `.gz` or `.br`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Response};

use talentbrug_private::{MAPPING_FORMAT, PRIVATE_MARKER, STATE_FORMAT};

use crate::cached_bytes::CachedBytes;

/// Largest file kept in memory (bigger ones are not served: the widget is far smaller).
const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// The only extensions served (compared in lower case), each also with `.gz` or `.br` appended:
/// pages, styles, scripts, the widget's wasm, data for pages (JSON), images, fonts, text.
/// Anything else (`inbox.db-wal`, `org.sqlite3`, `backup.key.old`, `page.html~`, `x.bak`,
/// `.x.swp`, ...) is not served. (Directories named `*.private`, where `publish` keeps the id
/// mappings, are never entered either.)
pub const SERVED: [&str; 14] = ["html", "css", "js", "mjs", "wasm", "json", "svg", "png", "jpg", "jpeg", "webp", "ico", "txt", "woff2"];

/// Whether the file name has a served extension ([`SERVED`], any case, maybe + `.gz`/`.br`).
pub fn served_type(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").or_else(|| name.strip_suffix(".br")).unwrap_or(&name);
    name.rsplit_once('.').is_some_and(|(stem, ext)| !stem.is_empty() && SERVED.contains(&ext))
}

/// The web directory and a cache of the files read from it.
pub struct StaticFiles {
    root: PathBuf,
    cache: Mutex<HashMap<PathBuf, (FileStamp, Arc<CachedBytes>)>>,
}

type FileStamp = (u64, Option<SystemTime>);

/// What kind of page a served file is, for its headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An HTML page: gets the Content-Security-Policy.
    Page,
    /// Anything else: public, loadable from any site.
    Asset,
}

/// The `Content-Type` of a file name.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "txt" | "sig" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "ts" => "text/plain; charset=utf-8",
        _ => mime_guess::from_path(path).first_raw().unwrap_or("application/octet-stream"),
    }
}

impl StaticFiles {
    /// Serves files under `root` (which must exist).
    pub fn new(root: &Path) -> std::io::Result<StaticFiles> {
        let root = root.canonicalize()?;
        if !root.is_dir() {
            return Err(std::io::Error::other(format!("{} is not a directory", root.display())));
        }
        Ok(StaticFiles { root, cache: Mutex::new(HashMap::new()) })
    }

    /// Whether `url_path` names a directory without its final `/` (the caller redirects, so
    /// relative links in the directory's index page resolve).
    pub fn is_directory_without_slash(&self, url_path: &str) -> bool {
        url_path.len() > 1 && !url_path.ends_with('/') && self.resolve(&format!("{url_path}/")).is_some() && {
            let dir = self.root.join(url_path.trim_start_matches('/'));
            dir.is_dir()
        }
    }

    /// The file a URL path names, if it is one we serve.
    pub fn resolve(&self, url_path: &str) -> Option<PathBuf> {
        let relative = url_path.strip_prefix('/')?;
        let mut path = self.root.clone();
        let segments: Vec<&str> = relative.split('/').collect();
        for (i, segment) in segments.iter().enumerate() {
            let last = i + 1 == segments.len();
            if segment.is_empty() && last {
                break;
            }
            let plain = !segment.is_empty()
                && !segment.starts_with('.')
                && !segment.to_ascii_lowercase().ends_with(".private")
                && segment.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~+@".contains(&b));
            if !plain {
                return None;
            }
            path.push(segment);
        }
        // JSON only as JSON, whose content is checked ([`holds_private_data`]): not its
        // compressed file's own URL, whose content the check does not read. (A `.gz` next to a
        // JSON file is sent for it only when it decodes to exactly the checked bytes.)
        let lower = relative.to_ascii_lowercase();
        if lower.ends_with(".json.gz") || lower.ends_with(".json.br") {
            return None;
        }
        if relative.is_empty() || relative.ends_with('/') {
            path.push("index.html");
        }
        if !path.file_name().and_then(|n| n.to_str()).is_some_and(served_type) {
            return None;
        }
        // Symlinks may point anywhere; serve only what really lies inside the root, and nothing
        // that really lies in or below a directory marked private (the id mappings, under any
        // name, reached directly or through a symlink).
        let real = path.canonicalize().ok()?;
        let in_private =
            real.ancestors().skip(1).take_while(|dir| dir.starts_with(&self.root)).any(|dir| dir.join(PRIVATE_MARKER).exists());
        (real.starts_with(&self.root) && real.is_file() && !in_private).then_some(real)
    }

    /// Reads (or takes from the cache) the file for `url_path`; `None` when there is none.
    pub async fn get(self: &Arc<Self>, url_path: &str) -> Option<(Arc<CachedBytes>, Kind)> {
        let this = self.clone();
        let url_path = url_path.to_owned();
        tokio::task::spawn_blocking(move || this.get_blocking(&url_path)).await.ok().flatten()
    }

    fn get_blocking(&self, url_path: &str) -> Option<(Arc<CachedBytes>, Kind)> {
        let path = self.resolve(url_path)?;
        let meta = std::fs::metadata(&path).ok()?;
        if meta.len() > MAX_FILE_BYTES {
            return None;
        }
        let stamp = (meta.len(), meta.modified().ok());
        let kind = if content_type(&path).starts_with("text/html") { Kind::Page } else { Kind::Asset };
        if let Ok(cache) = self.cache.lock() {
            if let Some((cached_stamp, file)) = cache.get(&path) {
                if *cached_stamp == stamp {
                    return Some((file.clone(), kind));
                }
            }
        }
        let bytes = std::fs::read(&path).ok()?;
        let text = content_type(&path) == "application/json" || content_type(&path).starts_with("text/");
        if text && holds_private_data(&bytes) {
            crate::log::log(&format!("not serving {url_path}: it holds record ids (a private report, mapping or state)"));
            return None;
        }
        let mut gz_path = path.clone().into_os_string();
        gz_path.push(".gz");
        let precompressed = std::fs::read(gz_path).ok();
        let file = Arc::new(CachedBytes::with_precompressed(bytes, content_type(&path), precompressed));
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(path, (stamp, file.clone()));
        }
        Some((file, kind))
    }
}

/// Whether JSON (or text) bytes are one of the organisation's private files or hold a `record_id` field
/// (the coach's ids, which only private files have): publish's report, an id mapping
/// ([`MAPPING_FORMAT`]), the publication state ([`STATE_FORMAT`]) or the groups (keyed by record id).
fn holds_private_data(bytes: &[u8]) -> bool {
    let private = ["\"record_id\"", MAPPING_FORMAT, STATE_FORMAT, "\"talentbrug-groups/"];
    private.iter().any(|needle| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
}

/// The answer for a served file; an SVG also gets its own Content-Security-Policy
/// ([`crate::policy::SVG_CSP`]).
pub fn respond(file: &CachedBytes, request: &HeaderMap, extra: &[(HeaderName, HeaderValue)]) -> Response<Body> {
    if file.content_type == "image/svg+xml" {
        let mut headers = extra.to_vec();
        headers.push((header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(crate::policy::SVG_CSP)));
        return file.respond(request, "no-cache", &headers);
    }
    file.respond(request, "no-cache", extra)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(name: &str) -> (PathBuf, StaticFiles) {
        let dir = std::env::temp_dir().join(format!("tb-static-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let www = dir.join("www");
        std::fs::create_dir_all(www.join("dist")).unwrap();
        std::fs::write(www.join("index.html"), "<!doctype html>").unwrap();
        std::fs::write(www.join("dist/talentbrug.js"), "export {}").unwrap();
        std::fs::write(www.join("dist/talentbrug_bg.wasm"), b"\0asm").unwrap();
        std::fs::write(www.join(".secret"), "x").unwrap();
        std::fs::write(www.join("org.key"), "x").unwrap();
        std::fs::write(www.join("inbox.sqlite"), "x").unwrap();
        std::fs::create_dir_all(www.join("org.private/mappings")).unwrap();
        std::fs::write(www.join("org.private/mappings/1.json"), "{}").unwrap();
        std::fs::write(dir.join("private.txt"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.join("private.txt"), www.join("link.txt")).unwrap();
        let files = StaticFiles::new(&www).unwrap();
        (dir, files)
    }

    #[test]
    fn serves_plain_paths_inside_the_root_only() {
        let (dir, files) = site("plain");
        assert!(files.resolve("/").unwrap().ends_with("index.html"));
        assert!(files.resolve("/dist/talentbrug.js").is_some());
        assert!(files.resolve("/dist/").is_none(), "no index.html there");
        assert!(files.resolve("/dist").is_none(), "a directory is not a file");
        std::fs::write(dir.join("www/dist/index.html"), "x").unwrap();
        assert!(files.is_directory_without_slash("/dist"));
        assert!(!files.is_directory_without_slash("/dist/"));
        assert!(!files.is_directory_without_slash("/index.html"));
        for bad in [
            "/../private.txt",
            "/dist/../../private.txt",
            "/%2e%2e/private.txt",
            "/.secret",
            "/org.key",
            "/inbox.sqlite",
            "/org.private/mappings/1.json",
            "/link.txt",
            "//etc/passwd",
            "/dist\\..\\x",
            "/missing.html",
            "relative",
        ] {
            assert_eq!(files.resolve(bad), None, "{bad}");
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn only_web_file_types_are_served_in_any_case() {
        for good in [
            "index.html",
            "A.HTML",
            "x.css",
            "x.js",
            "x.mjs",
            "w.wasm",
            "w.wasm.gz",
            "t.js.br",
            "q.json",
            "i.svg",
            "i.PNG",
            "i.jpg",
            "i.webp",
            "favicon.ico",
            "robots.txt",
            "f.woff2",
        ] {
            assert!(served_type(good), "{good}");
        }
        for bad in [
            "inbox.sqlite",
            "inbox.db",
            "inbox.db-wal",
            "inbox.sqlite-shm",
            "data.sqlite3",
            "data.sqlite3-wal",
            "data.SQLITE3-SHM",
            "org.key",
            "org.KEY",
            "org-key.pem",
            "signing-key",
            "key.old",
            "records.csv",
            "index.html~",
            "index.html.bak",
            ".index.html.swp",
            "index.html.swp",
            "report.gz",
            "html",
            ".html",
            "x.sig",
            "x.md",
            "x.map",
        ] {
            assert!(!served_type(bad), "{bad}");
        }
    }

    #[test]
    fn private_files_in_the_web_directory_are_not_served() {
        let (dir, files) = site("private");
        let www = dir.join("www");
        for name in ["inbox.db-wal", "x.sqlite3", "x.sqlite3-wal", "key.b64", "index.html~", "index.html.bak", "INBOX.SQLITE"] {
            std::fs::write(www.join(name), "x").unwrap();
            assert_eq!(files.resolve(&format!("/{name}")), None, "{name}");
        }
        std::fs::create_dir_all(www.join("Org.PRIVATE")).unwrap();
        std::fs::write(www.join("Org.PRIVATE/1.json"), "{}").unwrap();
        assert_eq!(files.resolve("/Org.PRIVATE/1.json"), None);
        // A publish report (or a mapping) put here by mistake: JSON with record ids.
        std::fs::write(www.join("report.json"), r#"{"rows":3,"held_back":[{"line":2,"record_id":"D-1"}]}"#).unwrap();
        std::fs::write(www.join("queries.json"), r#"{"queries":[]}"#).unwrap();
        assert!(files.get_blocking("/report.json").is_none());
        assert!(files.get_blocking("/queries.json").is_some());
        // A private directory under a plain name (`--private-dir www/tb`): nothing in or below it.
        talentbrug_private::PrivateDir::create(&www.join("tb")).unwrap();
        std::fs::write(www.join("tb/state.txt"), "x").unwrap();
        std::fs::write(www.join("tb/mappings/1.json"), "{}").unwrap();
        assert_eq!(files.resolve("/tb/state.txt"), None);
        assert_eq!(files.resolve("/tb/mappings/1.json"), None);
        // Nor through a symlink to the directory, to a directory in it, or to a file in it.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(www.join("tb/mappings"), www.join("maps")).unwrap();
            std::os::unix::fs::symlink(www.join("tb/state.txt"), www.join("notes.txt")).unwrap();
            assert_eq!(files.resolve("/maps/1.json"), None);
            assert_eq!(files.resolve("/notes.txt"), None);
        }
        // A mapping, the state or the groups copied anywhere else, by their formats (they hold
        // no `record_id` key); and no JSON's compressed file, whose content is not checked.
        for (name, json) in [
            ("m.json", r#"{"format":"talentbrug-mapping/1","sequence":4,"profiles":{"4-0-0":"D-1"}}"#),
            ("report.txt", r#"{"rows":3,"held_back":[{"line":2,"record_id":"D-1"}]}"#),
            ("s.json", r#"{"format":"talentbrug-state/1","last_sequence":4}"#),
            ("g.json", r#"{"format":"talentbrug-groups/1","members":{"D-1":{"group":3}}}"#),
        ] {
            std::fs::write(www.join(name), json).unwrap();
            assert!(files.get_blocking(&format!("/{name}")).is_none(), "{name}");
        }
        std::fs::write(www.join("queries.json.gz"), "x").unwrap();
        assert_eq!(files.resolve("/queries.json.gz"), None);
        assert_eq!(files.resolve("/Queries.JSON.br"), None);
        assert!(files.get_blocking("/queries.json").is_some(), "the JSON itself still is");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn svg_answers_carry_a_policy_that_runs_nothing() {
        let csp = |ty: &'static str| {
            let response = respond(&CachedBytes::new(b"<svg/>".to_vec(), ty), &HeaderMap::new(), &[]);
            response.headers().get(header::CONTENT_SECURITY_POLICY).map(|v| v.to_str().unwrap().to_owned())
        };
        let svg = csp("image/svg+xml").expect("an SVG has a CSP");
        assert!(svg.starts_with("default-src 'none';") && svg.ends_with("sandbox") && !svg.contains("script"), "{svg}");
        assert_eq!(csp("image/png"), None);
    }

    #[test]
    fn content_types_are_what_browsers_require() {
        for (name, ty) in [
            ("a.wasm", "application/wasm"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.mjs", "text/javascript; charset=utf-8"),
            ("a.json", "application/json"),
            ("a.svg", "image/svg+xml"),
            ("a.html", "text/html; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.png", "image/png"),
            ("a.woff2", "font/woff2"),
            ("a", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), ty, "{name}");
        }
    }
}
