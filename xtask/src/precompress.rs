//! The widget's files pre-compressed at build time (`talentbrug_bg.wasm.gz`, `talentbrug.js.gz`)
//! with zopfli: ordinary gzip that every browser decodes, about 4-5 % smaller than `gzip -9`
//! because zopfli searches much harder (seconds at build time instead of milliseconds on every
//! request). Web servers send such a file instead of compressing on the fly (nginx
//! `gzip_static on`, Caddy `precompressed gzip`, `talentbrug serve` on its own).

use std::num::NonZeroU64;
use std::path::{Path, PathBuf};

/// Zopfli passes per block: 15 (its default) is within 0.02 % of 50 on the widget, in a third of the time.
const ITERATIONS: u64 = 15;

/// `bytes` as a gzip stream, compressed by zopfli.
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let iteration_count = NonZeroU64::new(ITERATIONS).ok_or("zopfli needs at least one iteration")?;
    let options = zopfli::Options { iteration_count, ..Default::default() };
    let mut out = Vec::with_capacity(bytes.len() / 3);
    zopfli::compress(options, zopfli::Format::Gzip, bytes, &mut out).map_err(|e| format!("zopfli: {e}"))?;
    Ok(out)
}

/// Writes `<file>.gz`, the gzip form of `bytes` (the file's content, already in memory), next to
/// `file` and returns its size in bytes.
pub fn write_next_to(file: &Path, bytes: &[u8]) -> Result<u64, String> {
    let gz = gzip(bytes)?;
    let mut name = file.as_os_str().to_owned();
    name.push(".gz");
    let gz_path = PathBuf::from(name);
    std::fs::write(&gz_path, &gz).map_err(|e| format!("{}: {e}", gz_path.display()))?;
    Ok(gz.len() as u64)
}

#[cfg(test)]
mod tests {
    use std::io::{Read as _, Write as _};

    #[test]
    fn zopfli_output_is_plain_gzip_and_smaller_than_gzip_9() {
        let text: Vec<u8> = (0..20_000u32).flat_map(|i| format!("profiel {} in {} km; ", i % 97, i % 13).into_bytes()).collect();
        let gz = super::gzip(&text).unwrap();
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut decoded).unwrap();
        assert_eq!(decoded, text);
        let mut best = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        best.write_all(&text).unwrap();
        assert!(gz.len() < best.finish().unwrap().len());
    }
}
