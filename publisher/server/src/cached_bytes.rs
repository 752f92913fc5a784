//! Answering GET for a file held in memory: strong ETag, `If-None-Match` -> 304, gzip when the
//! client accepts it (compressed once, when the file is loaded), and the cache policy.

use std::io::Write;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, Response, StatusCode};
use talentbrug_inbox::sha256_hex;

/// Smallest file worth compressing.
const MIN_GZIP_BYTES: usize = 1024;

/// A file in memory, ready to serve.
#[derive(Clone, Debug)]
pub struct CachedBytes {
    /// The bytes.
    pub bytes: Bytes,
    /// The bytes gzipped, when that saves something.
    pub gzip: Option<Bytes>,
    /// Hex SHA-256 of the bytes.
    pub digest: String,
    /// `Content-Type`.
    pub content_type: &'static str,
}

impl CachedBytes {
    /// Wraps `bytes`, computing the digest and (for compressible types) the gzip form.
    pub fn new(bytes: Vec<u8>, content_type: &'static str) -> CachedBytes {
        CachedBytes::with_precompressed(bytes, content_type, None)
    }

    /// Like [`CachedBytes::new`], but uses `precompressed` (a `.gz` made at build time, e.g. by
    /// zopfli, smaller than what is made here) as the gzip form when it decodes to exactly
    /// `bytes`; a stale or broken one is ignored.
    pub fn with_precompressed(bytes: Vec<u8>, content_type: &'static str, precompressed: Option<Vec<u8>>) -> CachedBytes {
        let digest = sha256_hex(&bytes);
        let gzip = match precompressed.filter(|gz| gunzips_to(gz, &bytes)) {
            Some(gz) => Some(Bytes::from(gz)),
            None => (bytes.len() >= MIN_GZIP_BYTES && compressible(content_type)).then(|| gzip(&bytes)).flatten(),
        };
        CachedBytes { bytes: Bytes::from(bytes), gzip, digest, content_type }
    }

    /// The strong ETag of the identity form (the gzip form gets `-gz` inside the quotes).
    pub fn etag(&self) -> String {
        format!("\"{}\"", &self.digest[..32])
    }

    /// The response to a GET/HEAD with these request headers.
    pub fn respond(&self, request: &HeaderMap, cache_control: &'static str, extra: &[(header::HeaderName, HeaderValue)]) -> Response<Body> {
        let use_gzip = self.gzip.is_some() && accepts_gzip(request);
        let etag = if use_gzip { format!("\"{}-gz\"", &self.digest[..32]) } else { self.etag() };
        let mut builder = Response::builder()
            .header(header::ETAG, &etag)
            .header(header::CACHE_CONTROL, cache_control)
            .header(header::VARY, "Accept-Encoding")
            .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
        for (name, value) in extra {
            builder = builder.header(name, value);
        }
        if not_modified(request, &etag) {
            return builder.status(StatusCode::NOT_MODIFIED).body(Body::empty()).unwrap_or_default();
        }
        builder = builder.header(header::CONTENT_TYPE, self.content_type);
        let body = match (&self.gzip, use_gzip) {
            (Some(gz), true) => {
                builder = builder.header(header::CONTENT_ENCODING, "gzip");
                gz.clone()
            }
            _ => self.bytes.clone(),
        };
        builder.header(header::CONTENT_LENGTH, body.len()).body(Body::from(body)).unwrap_or_default()
    }
}

fn compressible(content_type: &str) -> bool {
    ["text/", "application/json", "application/wasm", "image/svg+xml", "application/javascript"].iter().any(|t| content_type.starts_with(t))
}

fn gzip(bytes: &[u8]) -> Option<Bytes> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 4), flate2::Compression::default());
    encoder.write_all(bytes).ok()?;
    let out = encoder.finish().ok()?;
    (out.len() < bytes.len()).then(|| Bytes::from(out))
}

fn gunzips_to(gz: &[u8], expected: &[u8]) -> bool {
    use std::io::Read;
    let mut decoded = Vec::with_capacity(expected.len());
    let limit = expected.len() as u64 + 1;
    flate2::read::GzDecoder::new(gz).take(limit).read_to_end(&mut decoded).is_ok() && decoded == expected
}

/// Whether `Accept-Encoding` allows gzip (and does not refuse it with `q=0`).
fn accepts_gzip(request: &HeaderMap) -> bool {
    request.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|part| {
        let mut pieces = part.split(';');
        let coding = pieces.next().unwrap_or("").trim();
        let refused = pieces.any(|p| matches!(p.trim().strip_prefix("q="), Some(q) if q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0)));
        (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
    })
}

/// Whether `If-None-Match` names `etag` (or `*`).
pub fn not_modified(request: &HeaderMap, etag: &str) -> bool {
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(*k, HeaderValue::from_str(v).unwrap());
        }
        map
    }

    #[test]
    fn etag_revalidation_and_gzip() {
        let file = CachedBytes::new(b"{\"x\":1}".repeat(500), "application/json");
        assert!(file.gzip.is_some());
        let plain = file.respond(&headers(&[]), "no-cache", &[]);
        assert_eq!(plain.status(), StatusCode::OK);
        assert_eq!(plain.headers()[header::CONTENT_LENGTH], "3500");
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
        let etag = plain.headers()[header::ETAG].to_str().unwrap().to_owned();
        assert_eq!(file.respond(&headers(&[("if-none-match", &etag)]), "no-cache", &[]).status(), StatusCode::NOT_MODIFIED);
        assert_eq!(file.respond(&headers(&[("if-none-match", "\"other\"")]), "no-cache", &[]).status(), StatusCode::OK);

        let gz = file.respond(&headers(&[("accept-encoding", "br, gzip;q=0.8")]), "no-cache", &[]);
        assert_eq!(gz.headers()[header::CONTENT_ENCODING], "gzip");
        assert_ne!(gz.headers()[header::ETAG].to_str().unwrap(), etag);
        let refused = file.respond(&headers(&[("accept-encoding", "gzip;q=0")]), "no-cache", &[]);
        assert!(refused.headers().get(header::CONTENT_ENCODING).is_none());
    }

    #[test]
    fn small_or_incompressible_files_stay_as_they_are() {
        assert!(CachedBytes::new(b"abc".to_vec(), "text/plain").gzip.is_none());
        assert!(CachedBytes::new(vec![7; 5000], "image/png").gzip.is_none());
    }

    #[test]
    fn a_precompressed_file_is_used_only_when_it_decodes_to_the_file() {
        let text = b"talent in de buurt ".repeat(300);
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(&text).unwrap();
        let fast = encoder.finish().unwrap();
        let file = CachedBytes::with_precompressed(text.clone(), "text/plain", Some(fast.clone()));
        assert_eq!(file.gzip.as_deref(), Some(&fast[..]));
        let mut other = text.clone();
        other[0] = b'T';
        let stale = CachedBytes::with_precompressed(other.clone(), "text/plain", Some(fast.clone()));
        assert_ne!(stale.gzip.as_deref(), Some(&fast[..]), "a .gz of an older file is not served");
        assert!(stale.gzip.is_some(), "the server gzips it itself instead");
        let broken = CachedBytes::with_precompressed(text, "text/plain", Some(fast[..fast.len() / 2].to_vec()));
        assert_ne!(broken.gzip.as_deref(), Some(&fast[..fast.len() / 2]));
    }
}
