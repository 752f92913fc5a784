//! The widget files and the organisation's pages, served from one directory (`--www`), with the
//! right content types, ETags and gzip. Only plain paths inside that directory are served:
//! no `..`, no hidden files, no symlinks out, and never a key, a database or a CSV.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Response};

use crate::cached_bytes::CachedBytes;

/// Largest file kept in memory (bigger ones are not served: the widget is far smaller).
const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// Extensions never served, even if someone put such a file in the web directory: private
/// keys, inbox databases, record exports. (Directories named `*.private`, where `publish`
/// keeps the id mappings, are never entered either.)
const NEVER_SERVED: [&str; 9] = ["key", "sqlite", "sqlite-wal", "sqlite-shm", "db", "csv", "tsv", "pem", "mapping"];

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
                && !segment.ends_with(".private")
                && segment.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~+@".contains(&b));
            if !plain {
                return None;
            }
            path.push(segment);
        }
        if relative.is_empty() || relative.ends_with('/') {
            path.push("index.html");
        }
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
        if NEVER_SERVED.contains(&ext.as_str()) {
            return None;
        }
        // Symlinks may point anywhere; serve only what really lies inside the root.
        let real = path.canonicalize().ok()?;
        (real.starts_with(&self.root) && real.is_file()).then_some(real)
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

/// The answer for a served file.
pub fn respond(file: &CachedBytes, request: &HeaderMap, extra: &[(HeaderName, HeaderValue)]) -> Response<Body> {
    file.respond(request, "no-cache", extra)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (PathBuf, StaticFiles) {
        let dir = std::env::temp_dir().join(format!("tb-static-{}", std::process::id()));
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
        let (dir, files) = site();
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
