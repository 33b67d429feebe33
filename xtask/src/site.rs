//! Builds the web app into `site/`: wasm32 release build, wasm-bindgen (as a library, pinned to
//! the Cargo.lock version), npm binaryen `wasm-opt -Oz`, content-hashed asset names, the files of
//! `public/`, one stylesheet from `style/`, and `.gz`/`.br` siblings for the server to send.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use crate::tools;

/// Extensions worth sending compressed.
const COMPRESSIBLE: &[&str] = &["js", "wasm", "css", "html", "svg", "json", "csv", "md", "webmanifest"];

/// Sizes of the assets that make up the app (what a browser downloads on first load).
pub struct AppSizes {
    pub wasm_raw: u64,
    pub wasm_gzip: u64,
    pub wasm_brotli: u64,
    pub js_raw: u64,
    pub js_gzip: u64,
    pub css_raw: u64,
    pub css_gzip: u64,
    pub total_gzip: u64,
    pub total_brotli: u64,
}

pub fn build_site(root: &Path) -> Result<PathBuf> {
    let profile = "wasm-release";
    tools::cargo(root, &["build", "-p", "app", "--lib", "--target", tools::WASM_TARGET, "--profile", profile])?;
    // Cargo's own CARGO_TARGET_DIR is honoured, so size experiments can build beside the main
    // target directory (other rustflags) without invalidating it.
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let wasm_input = target_dir.join(format!("{}/{profile}/app.wasm", tools::WASM_TARGET));
    let work_dir = target_dir.join("site-work");
    if work_dir.exists() {
        fs::remove_dir_all(&work_dir).context("cannot clear target/site-work")?;
    }
    fs::create_dir_all(&work_dir)?;

    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm_input)
        .out_name("app")
        .typescript(false)
        .web(true)?
        .generate(&work_dir)
        .map_err(|error| anyhow::anyhow!("wasm-bindgen failed: {error:#}"))?;

    let optimised = work_dir.join("app_opt.wasm");
    let wasm_opt = tools::wasm_opt_path(root);
    tools::run(
        root,
        wasm_opt.to_string_lossy().as_ref(),
        &[
            "-Oz",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
            work_dir.join("app_bg.wasm").to_string_lossy().as_ref(),
            "-o",
            optimised.to_string_lossy().as_ref(),
        ],
    )?;

    let site_dir = root.join("site");
    if site_dir.exists() {
        fs::remove_dir_all(&site_dir).context("cannot clear site/")?;
    }
    fs::create_dir_all(&site_dir)?;
    copy_dir(&root.join("public"), &site_dir)?;
    let snippets = work_dir.join("snippets");
    if snippets.exists() {
        copy_dir(&snippets, &site_dir.join("snippets"))?;
    }

    // The glue and the stylesheet are minified before hashing (terser and csso from npm).
    let glue = work_dir.join("app.js");
    let styles = work_dir.join("style.css");
    fs::write(&styles, concatenated_styles(&root.join("style"))?)?;
    tools::run(
        root,
        "node",
        &[
            root.join("xtask/minify.mjs").to_string_lossy().as_ref(),
            glue.to_string_lossy().as_ref(),
            styles.to_string_lossy().as_ref(),
        ],
    )?;

    let wasm_name = write_hashed(&site_dir, "app", "wasm", &fs::read(&optimised)?)?;
    let js_name = write_hashed(&site_dir, "app", "js", &fs::read(&glue)?)?;
    let boot = fs::read_to_string(root.join("app/boot.js"))
        .context("cannot read app/boot.js")?
        .replace("{{JS}}", &js_name)
        .replace("{{WASM}}", &wasm_name);
    let boot_name = write_hashed(&site_dir, "boot", "js", boot.as_bytes())?;
    let css_name = write_hashed(&site_dir, "style", "css", &fs::read(&styles)?)?;

    let template = fs::read_to_string(root.join("app/index.html")).context("cannot read app/index.html")?;
    let index = template
        .replace("{{CSS}}", &css_name)
        .replace("{{WASM}}", &wasm_name)
        .replace("{{BOOT}}", &boot_name)
        .replace("{{JS}}", &js_name);
    if index.contains("{{") {
        bail!("app/index.html has a placeholder this build does not know");
    }
    fs::write(site_dir.join("index.html"), index)?;

    let mut offline_files =
        vec![wasm_name.clone(), js_name.clone(), boot_name.clone(), css_name.clone(), "favicon.svg".to_owned()];
    // What the browser needs to install the app (app/index.html links the manifest).
    offline_files.extend(["manifest.webmanifest", "icons/icon-192.png", "icons/icon-512.png"].map(str::to_owned));
    for entry in fs::read_dir(site_dir.join("rubrics")).context("cannot read site/rubrics")? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") {
            offline_files.push(format!("rubrics/{name}"));
        }
    }
    fs::write(site_dir.join("sw.js"), service_worker(root, &offline_files)?)?;

    precompress_dir(&site_dir)?;
    let sizes = app_sizes(&site_dir, &[&wasm_name, &js_name, &boot_name, &css_name])?;
    println!(
        "xtask: site built in {} — wasm {} B (gzip {}, brotli {}), js {} B (gzip {}), css {} B (gzip {}); \
         app transfer total: gzip {} B, brotli {} B",
        site_dir.display(),
        sizes.wasm_raw,
        sizes.wasm_gzip,
        sizes.wasm_brotli,
        sizes.js_raw,
        sizes.js_gzip,
        sizes.css_raw,
        sizes.css_gzip,
        sizes.total_gzip,
        sizes.total_brotli
    );
    Ok(site_dir)
}

/// The service worker (`app/sw.js`): the app shell and the public API answers it saw, for offline
/// starts. Its version is the hash of the file list, so every deployment of a changed app installs
/// a new worker, which the open pages announce (`app/boot.js`).
fn service_worker(root: &Path, files: &[String]) -> Result<String> {
    let list: Vec<String> =
        std::iter::once("'/index.html'".to_owned()).chain(files.iter().map(|file| format!("'/{file}'"))).collect();
    let version: String =
        Sha256::digest(list.join(",").as_bytes()).iter().take(8).map(|byte| format!("{byte:02x}")).collect();
    let template = fs::read_to_string(root.join("app/sw.js")).context("cannot read app/sw.js")?;
    Ok(template.replace("{{VERSION}}", &version).replace("{{FILES}}", &list.join(", ")))
}

/// Writes `bytes` as `<stem>-<hash>.<ext>` and returns the file name. The hash is of the content,
/// so the server may let browsers cache these files forever.
fn write_hashed(dir: &Path, stem: &str, ext: &str, bytes: &[u8]) -> Result<String> {
    let digest = Sha256::digest(bytes);
    let hash: String = digest.iter().take(8).map(|byte| format!("{byte:02x}")).collect();
    let name = format!("{stem}-{hash}.{ext}");
    fs::write(dir.join(&name), bytes).with_context(|| format!("cannot write {name}"))?;
    Ok(name)
}

fn concatenated_styles(style_dir: &Path) -> Result<Vec<u8>> {
    let mut paths: Vec<PathBuf> = fs::read_dir(style_dir)
        .context("cannot read style/")?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "css"))
        .collect();
    paths.sort();
    let mut css = Vec::new();
    for path in paths {
        css.extend(fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?);
        css.push(b'\n');
    }
    Ok(css)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target).with_context(|| format!("cannot copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}

fn precompress_dir(dir: &Path) -> Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            precompress_dir(&path)?;
            continue;
        }
        let compressible = path.extension().and_then(|ext| ext.to_str()).is_some_and(|ext| COMPRESSIBLE.contains(&ext));
        if !compressible {
            continue;
        }
        let bytes = fs::read(&path)?;
        let mut file_name = path.file_name().expect("a file has a name").to_os_string();
        file_name.push(".gz");
        fs::write(path.with_file_name(&file_name), gzip(&bytes)?)?;
        file_name = path.file_name().expect("a file has a name").to_os_string();
        file_name.push(".br");
        fs::write(path.with_file_name(&file_name), brotli_compress(&bytes)?)?;
    }
    Ok(())
}

pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

pub fn brotli_compress(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut output = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut output, &params)?;
    Ok(output)
}

fn file_len(path: &Path) -> Result<u64> {
    Ok(fs::metadata(path).with_context(|| format!("cannot stat {}", path.display()))?.len())
}

fn app_sizes(site_dir: &Path, names: &[&str]) -> Result<AppSizes> {
    let size = |name: &str, suffix: &str| file_len(&site_dir.join(format!("{name}{suffix}")));
    let (wasm, js, boot, css) = (names[0], names[1], names[2], names[3]);
    let index_gzip = size("index.html", ".gz")?;
    let index_brotli = size("index.html", ".br")?;
    Ok(AppSizes {
        wasm_raw: size(wasm, "")?,
        wasm_gzip: size(wasm, ".gz")?,
        wasm_brotli: size(wasm, ".br")?,
        js_raw: size(js, "")? + size(boot, "")?,
        js_gzip: size(js, ".gz")? + size(boot, ".gz")?,
        css_raw: size(css, "")?,
        css_gzip: size(css, ".gz")?,
        total_gzip: index_gzip + size(wasm, ".gz")? + size(js, ".gz")? + size(boot, ".gz")? + size(css, ".gz")?,
        total_brotli: index_brotli + size(wasm, ".br")? + size(js, ".br")? + size(boot, ".br")? + size(css, ".br")?,
    })
}
