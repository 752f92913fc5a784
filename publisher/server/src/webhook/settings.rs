//! What `--webhook`, `--webhook-secret-file` and `--webhook-max-age-days` set up, checked
//! before the server starts: the URL (`https://` unless it is this machine), the shared secret
//! every delivery is signed with, and how long a failing delivery is retried.

use std::path::{Path, PathBuf};

use crate::http_url::HttpUrl;

/// How many days a request whose delivery keeps failing is retried before it is given up and
/// marked undelivered, unless `serve --webhook-max-age-days` says otherwise.
pub const DEFAULT_WEBHOOK_MAX_AGE_DAYS: u32 = 7;

/// The shortest secret accepted, in bytes (after trimming spaces and line ends).
pub const MIN_WEBHOOK_SECRET_BYTES: usize = 16;

/// The shared secret deliveries are signed with (HMAC-SHA-256). Never printed.
#[derive(Clone)]
pub struct WebhookSecret(Vec<u8>);

impl std::fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebhookSecret(…)")
    }
}

impl WebhookSecret {
    /// A secret from its text, trimmed; at least [`MIN_WEBHOOK_SECRET_BYTES`] long.
    pub fn new(text: &str) -> Result<WebhookSecret, SecretProblem> {
        let text = text.trim();
        match text.len() {
            0 => Err(SecretProblem::Empty),
            len if len < MIN_WEBHOOK_SECRET_BYTES => Err(SecretProblem::TooShort(len)),
            _ => Ok(WebhookSecret(text.as_bytes().to_vec())),
        }
    }

    /// Reads the secret from `path` (`--webhook-secret-file`). On Unix the file must be
    /// readable by its owner only, like the organisation's key.
    pub fn read(path: &Path) -> Result<WebhookSecret, WebhookError> {
        let problem = |problem| WebhookError::SecretFile { path: path.to_owned(), problem };
        let meta = std::fs::metadata(path).map_err(|e| problem(SecretProblem::Unreadable(e)))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = meta.permissions().mode();
            if mode & 0o077 != 0 {
                return Err(problem(SecretProblem::ReadableByOthers(mode & 0o777)));
            }
        }
        #[cfg(not(unix))]
        let _ = meta;
        let text = std::fs::read_to_string(path).map_err(|e| problem(SecretProblem::Unreadable(e)))?;
        WebhookSecret::new(&text).map_err(problem)
    }

    /// The secret's bytes.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.0
    }
}

/// Where new requests are delivered and how.
#[derive(Clone)]
pub struct WebhookConfig {
    url: HttpUrl,
    secret: WebhookSecret,
    /// Days a failing delivery is retried (counted from when the request arrived); older
    /// requests are marked undelivered. Default [`DEFAULT_WEBHOOK_MAX_AGE_DAYS`].
    pub max_age_days: u32,
}

impl std::fmt::Debug for WebhookConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookConfig").field("url", &self.url.origin()).field("max_age_days", &self.max_age_days).finish_non_exhaustive()
    }
}

impl WebhookConfig {
    /// Deliveries to `url`, signed with `secret`. `url` must be `https://` unless its host is
    /// this machine (`localhost`, 127.0.0.0/8, `[::1]`): deliveries carry employers' contact data.
    pub fn new(url: HttpUrl, secret: WebhookSecret) -> Result<WebhookConfig, WebhookError> {
        if !url.is_https() && !url.is_loopback() {
            return Err(WebhookError::NotHttps { origin: url.origin() });
        }
        Ok(WebhookConfig { url, secret, max_age_days: DEFAULT_WEBHOOK_MAX_AGE_DAYS })
    }

    /// Where deliveries go (may hold a secret token: show [`HttpUrl::origin`] instead).
    pub fn url(&self) -> &HttpUrl {
        &self.url
    }

    /// The shared secret.
    pub(crate) fn secret(&self) -> &WebhookSecret {
        &self.secret
    }
}

/// Why the webhook cannot be set up; the server does not start.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    /// `--webhook` without a secret.
    #[error(
        "refusing to start: --webhook needs --webhook-secret-file FILE, a file with a random secret of at least \
         {MIN_WEBHOOK_SECRET_BYTES} characters that your system shares, to check that each delivery comes from this server \
         (make one with `openssl rand -hex 32 > webhook.secret && chmod 600 webhook.secret`)"
    )]
    NoSecret,
    /// `--webhook-secret-file` is not usable.
    #[error("refusing to start: --webhook-secret-file {}: {problem}", path.display())]
    SecretFile {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        problem: SecretProblem,
    },
    /// A plain `http://` URL to another machine.
    #[error(
        "refusing to start: --webhook {origin}/… must start with https:// (each delivery carries an employer's contact \
         data); plain http:// is only accepted to this machine (localhost, 127.0.0.0/8, [::1])"
    )]
    NotHttps {
        /// Scheme and host of the URL (its path may hold a secret).
        origin: String,
    },
}

/// What is wrong with a webhook secret.
#[derive(Debug, thiserror::Error)]
pub enum SecretProblem {
    /// Missing or unreadable.
    #[error("cannot read it: {0}")]
    Unreadable(#[source] std::io::Error),
    /// Nothing in it but spaces.
    #[error(
        "it is empty: put a random secret of at least {MIN_WEBHOOK_SECRET_BYTES} characters in it, e.g. with \
         `openssl rand -hex 32`"
    )]
    Empty,
    /// Too short to be guessed hard.
    #[error("the secret is only {0} characters long; use at least {MIN_WEBHOOK_SECRET_BYTES}, e.g. with `openssl rand -hex 32`")]
    TooShort(usize),
    /// Group or other users may read it.
    #[error("other users of this machine can read it (mode {0:o}); run `chmod 600` on it")]
    ReadableByOthers(u32),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret_file(dir: &Path, name: &str, text: &str, mode: u32) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        #[cfg(not(unix))]
        let _ = mode;
        path
    }

    #[test]
    fn secret_files_must_be_private_and_long_enough() {
        let dir = tempfile_dir("secret");
        let good = secret_file(&dir, "good", "  0123456789abcdef0123\n", 0o600);
        assert_eq!(WebhookSecret::read(&good).unwrap().bytes(), b"0123456789abcdef0123", "trimmed");
        let message = |path: &Path| WebhookSecret::read(path).unwrap_err().to_string();
        assert!(message(&dir.join("missing")).contains("cannot read it"), "{}", message(&dir.join("missing")));
        assert!(message(&secret_file(&dir, "empty", " \n", 0o600)).contains("it is empty"));
        let short = message(&secret_file(&dir, "short", "0123456789abcde\n", 0o600));
        assert!(short.contains("only 15 characters") && short.contains("at least 16"), "{short}");
        #[cfg(unix)]
        for mode in [0o640, 0o604, 0o644] {
            let loose = message(&secret_file(&dir, "loose", "0123456789abcdef0123", mode));
            assert!(loose.starts_with("refusing to start: --webhook-secret-file ") && loose.contains("chmod 600"), "{loose}");
        }
        assert!(format!("{:?}", WebhookSecret::read(&good).unwrap()).contains('…'), "never printed");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn plain_http_only_to_this_machine() {
        let secret = || WebhookSecret::new("0123456789abcdef").unwrap();
        let url = |s: &str| s.parse::<HttpUrl>().unwrap();
        assert!(WebhookConfig::new(url("https://crm.example/hooks/x"), secret()).is_ok());
        assert!(WebhookConfig::new(url("http://127.0.0.1:8399/hook"), secret()).is_ok());
        assert!(WebhookConfig::new(url("http://localhost/hook"), secret()).is_ok());
        assert!(WebhookConfig::new(url("http://[::1]:9/hook"), secret()).is_ok());
        let err = WebhookConfig::new(url("http://crm.example/hooks/x?token=SECRET"), secret()).unwrap_err().to_string();
        assert!(err.contains("https://") && err.contains("http://crm.example") && !err.contains("SECRET"), "{err}");
        assert_eq!(WebhookConfig::new(url("https://crm.example/h"), secret()).unwrap().max_age_days, DEFAULT_WEBHOOK_MAX_AGE_DAYS);
    }

    fn tempfile_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tb-webhook-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
