//! Short names for the wasm's imports. wasm-bindgen names each import after the JS it calls plus
//! a 16-digit hash (`__wbg_appendChild_8204974b7328bf98`), once in the wasm's import section and
//! once in the glue's import object: a few kilobytes that gzip cannot shrink. Renaming both to
//! `w0`, `w1`, ... changes nothing the browser sees (4 KB less gzipped).

/// Reads a LEB128 unsigned number at `*at`, moving `*at` past it.
fn read_leb(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut value = 0u32;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u32::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(value);
        }
    }
    None
}

fn push_leb(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value & 0x7f) as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Skips an import's description (function, table, memory, global or tag) at `*at`.
fn skip_import_kind(bytes: &[u8], at: &mut usize) -> Option<()> {
    let kind = *bytes.get(*at)?;
    *at += 1;
    let limits = |at: &mut usize| -> Option<()> {
        let flags = *bytes.get(*at)?;
        *at += 1;
        read_leb(bytes, at)?;
        if flags & 1 == 1 {
            read_leb(bytes, at)?;
        }
        Some(())
    };
    match kind {
        0 => read_leb(bytes, at).map(drop),
        1 => {
            *at += 1;
            limits(at)
        }
        2 => limits(at),
        3 => {
            *at += 2;
            Some(())
        }
        4 => {
            *at += 1;
            read_leb(bytes, at).map(drop)
        }
        _ => None,
    }
}

/// Import names as (wasm-bindgen's, short).
type Renamed = Vec<(String, String)>;

/// The import section with wasm-bindgen's import names replaced by short ones, and the names.
/// `None` when the module cannot be read.
fn rename_section(body: &[u8]) -> Option<(Vec<u8>, Renamed)> {
    let mut at = 0;
    let count = read_leb(body, &mut at)?;
    let mut out = Vec::with_capacity(body.len());
    push_leb(&mut out, count);
    let mut renamed = Vec::new();
    for _ in 0..count {
        let start = at;
        let module_len = read_leb(body, &mut at)? as usize;
        at += module_len;
        let module = body.get(start..at)?;
        let name_len = read_leb(body, &mut at)? as usize;
        let name = std::str::from_utf8(body.get(at..at + name_len)?).ok()?;
        at += name_len;
        let kind_start = at;
        skip_import_kind(body, &mut at)?;
        out.extend_from_slice(module);
        if name.starts_with("__wbg_") || name.starts_with("__wbindgen_") {
            let short = format!("w{:x}", renamed.len());
            push_leb(&mut out, short.len() as u32);
            out.extend_from_slice(short.as_bytes());
            renamed.push((name.to_owned(), short));
        } else {
            push_leb(&mut out, name_len as u32);
            out.extend_from_slice(name.as_bytes());
        }
        out.extend_from_slice(body.get(kind_start..at)?);
    }
    (at == body.len()).then_some((out, renamed))
}

/// Whether `name` occurs in `js` exactly once, as a whole word.
fn occurs_once_as_word(js: &str, name: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    js.match_indices(name).filter(|(i, _)| !word(js[..*i].chars().next_back()) && !word(js[i + name.len()..].chars().next())).count() == 1
}

/// The wasm and its JS glue with short import names; both unchanged when the wasm cannot be read
/// or a name is not found exactly once in the glue (then renaming could break the pairing).
pub fn shorten(wasm: &[u8], js: &str) -> (Vec<u8>, String) {
    let unchanged = || (wasm.to_vec(), js.to_owned());
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return unchanged();
    }
    let mut out = wasm[..8].to_vec();
    let mut renamed = Vec::new();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let Some(len) = read_leb(wasm, &mut at) else { return unchanged() };
        let Some(body) = wasm.get(at..at + len as usize) else { return unchanged() };
        at += len as usize;
        let body = if id == 2 {
            let Some((section, names)) = rename_section(body) else { return unchanged() };
            renamed = names;
            section
        } else {
            body.to_vec()
        };
        out.push(id);
        push_leb(&mut out, body.len() as u32);
        out.extend_from_slice(&body);
    }
    if !renamed.iter().all(|(old, _)| occurs_once_as_word(js, old)) {
        return unchanged();
    }
    let mut glue = js.to_owned();
    for (old, new) in &renamed {
        glue = glue.replacen(old.as_str(), new, 1);
    }
    (out, glue)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing `./m.js`.`__wbg_log_0123456789abcdef` (a function of type 0) and
    /// `env`.`keep` (a memory).
    fn module() -> Vec<u8> {
        let mut section = vec![2];
        for (module, name, kind) in [("./m.js", "__wbg_log_0123456789abcdef", &[0u8, 0][..]), ("env", "keep", &[2, 0, 1][..])] {
            push_leb(&mut section, module.len() as u32);
            section.extend_from_slice(module.as_bytes());
            push_leb(&mut section, name.len() as u32);
            section.extend_from_slice(name.as_bytes());
            section.extend_from_slice(kind);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]);
        wasm.push(2);
        push_leb(&mut wasm, section.len() as u32);
        wasm.extend_from_slice(&section);
        wasm
    }

    #[test]
    fn renames_the_import_in_both_files() {
        let js = "const i = { __wbg_log_0123456789abcdef: function() {} };";
        let (wasm, glue) = shorten(&module(), js);
        assert_eq!(glue, "const i = { w0: function() {} };");
        let text = String::from_utf8_lossy(&wasm);
        assert!(text.contains("./m.js\x02w0") && text.contains("env\x04keep") && !text.contains("__wbg_log"), "{text:?}");
        assert_eq!(wasm.len(), module().len() - "__wbg_log_0123456789abcdef".len() + 2);
    }

    #[test]
    fn leaves_both_alone_when_the_glue_does_not_match() {
        for js in ["const i = {};", "__wbg_log_0123456789abcdef; __wbg_log_0123456789abcdef;"] {
            assert_eq!(shorten(&module(), js), (module(), js.to_owned()));
        }
        assert_eq!(shorten(b"not wasm", "x").0, b"not wasm");
    }
}
