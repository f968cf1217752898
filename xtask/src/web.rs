//! Builds the web app: wasm → wasm-bindgen → content-hashed files → gzip and brotli twins,
//! all in `frontend/dist`, which the server embeds at compile time.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use crate::{cargo, root, run_checked, target_dir};

pub fn build() -> Result<()> {
    let started = std::time::Instant::now();
    ensure_wasm_target()?;
    run_checked(cargo().args([
        "build",
        "-p",
        "earshot-frontend",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
    ]))?;
    let wasm = target_dir().join("wasm32-unknown-unknown/wasm-release/earshot_frontend.wasm");
    let bindgen_out = target_dir().join("web-bindgen");
    let _ = fs::remove_dir_all(&bindgen_out);
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .out_name("app")
        .web(true)?
        .typescript(false)
        .debug(false)
        .generate(&bindgen_out)
        .context("wasm-bindgen")?;

    let frontend = root().join("frontend");
    let dist = frontend.join("dist");
    let _ = fs::remove_dir_all(&dist);
    fs::create_dir_all(&dist)?;

    let js = write_hashed(&dist, "app", "js", &fs::read(bindgen_out.join("app.js"))?)?;
    let wasm_name = write_hashed(
        &dist,
        "app",
        "wasm",
        &fs::read(bindgen_out.join("app_bg.wasm"))?,
    )?;
    let css = write_hashed(
        &dist,
        "style",
        "css",
        &fs::read(frontend.join("style.css"))?,
    )?;
    if bindgen_out.join("snippets").exists() {
        copy_dir(&bindgen_out.join("snippets"), &dist.join("snippets"))?;
    }

    let template = fs::read_to_string(frontend.join("index.html"))?;
    for placeholder in ["{{APP_JS}}", "{{APP_WASM}}", "{{STYLE_CSS}}"] {
        if !template.contains(placeholder) {
            bail!("frontend/index.html lacks the placeholder {placeholder}");
        }
    }
    let index = template
        .replace("{{APP_JS}}", &format!("/{js}"))
        .replace("{{APP_WASM}}", &format!("/{wasm_name}"))
        .replace("{{STYLE_CSS}}", &format!("/{css}"));
    fs::write(dist.join("index.html"), &index)?;
    fs::write(dist.join("index.csp"), inline_script_hashes(&index))?;

    let mut raw_wasm = 0;
    let mut br_wasm = 0;
    for entry in walk(&dist)? {
        let name = entry.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name == "index.csp" {
            continue;
        }
        let data = fs::read(&entry)?;
        let br = brotli_bytes(&data)?;
        if name.ends_with(".wasm") {
            raw_wasm = data.len();
            br_wasm = br.len();
        }
        fs::write(with_suffix(&entry, "br"), br)?;
        fs::write(with_suffix(&entry, "gz"), gzip_bytes(&data)?)?;
    }
    eprintln!(
        "xtask: web app in frontend/dist ({:.0} KB wasm, {:.0} KB brotli) in {:.0} s",
        raw_wasm as f64 / 1024.0,
        br_wasm as f64 / 1024.0,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `app.js` → `app-0123456789abcdef.js`: the name changes whenever the content does, so the
/// server may tell browsers to cache it forever.
fn write_hashed(dir: &Path, stem: &str, ext: &str, data: &[u8]) -> Result<String> {
    let hash = hex::encode(&Sha256::digest(data)[..8]);
    let name = format!("{stem}-{hash}.{ext}");
    fs::write(dir.join(&name), data)?;
    Ok(name)
}

/// CSP `'sha256-…'` sources for each inline `<script>` in the page.
fn inline_script_hashes(html: &str) -> String {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body_and_more = &after[open_end + 1..];
        let Some(close) = body_and_more.find("</script>") else {
            break;
        };
        if !tag.contains("src=") {
            let digest = Sha256::digest(&body_and_more.as_bytes()[..close]);
            hashes.push(format!("'sha256-{}'", base64(&digest)));
        }
        rest = &body_and_more[close..];
    }
    hashes.join(" ")
}

fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn brotli_bytes(data: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(data)?;
    }
    Ok(out)
}

fn gzip_bytes(data: &[u8]) -> Result<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data)?;
    Ok(enc.finish()?)
}

fn with_suffix(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".");
    s.push(suffix);
    s.into()
}

fn walk(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(walk(&path)?);
        } else {
            files.push(path);
        }
    }
    Ok(files)
}

/// Adds the toolchain's wasm32 standard library with rustup when it is missing. A toolchain
/// installed before `rust-toolchain.toml` named the target, or where rustup does not install
/// on its own (`RUSTUP_AUTO_INSTALL=0`), lacks it, and the build stops at "can't find crate
/// for `core`".
fn ensure_wasm_target() -> Result<()> {
    const TARGET: &str = "wasm32-unknown-unknown";
    // Run in the checkout, so rustup's proxy picks the pinned toolchain.
    let libdir = Command::new("rustc")
        .args(["--print", "target-libdir", "--target", TARGET])
        .current_dir(root())
        .output()
        .context("rustc --print target-libdir")?;
    let libdir = String::from_utf8_lossy(&libdir.stdout).trim().to_string();
    if !libdir.is_empty() && Path::new(&libdir).is_dir() {
        return Ok(());
    }
    eprintln!("xtask: the {TARGET} target is missing; adding it with rustup");
    run_checked(
        Command::new("rustup")
            .args(["target", "add", TARGET])
            .current_dir(root()),
    )
    .with_context(|| format!("the web app needs the {TARGET} target: rustup target add {TARGET}"))
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let path = entry?.path();
        let dest = to.join(path.file_name().context("file name")?);
        if path.is_dir() {
            copy_dir(&path, &dest)?;
        } else {
            fs::copy(&path, &dest)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
    }

    #[test]
    fn only_inline_scripts_are_hashed() {
        let html = "<script src=\"/a.js\"></script><script type=\"module\">x()</script>";
        let h = inline_script_hashes(html);
        assert_eq!(h.matches("'sha256-").count(), 1);
    }
}
