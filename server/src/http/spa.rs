//! The embedded web app. `cargo xtask dist` writes content-hashed, pre-compressed files to
//! `frontend/dist`; they are compiled into the release binary. Deep links fall back to
//! `index.html`; hashed assets are cached forever; the `.br`/`.gz` twin is chosen by
//! `Accept-Encoding`.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse};
use rust_embed::Embed;

use super::error::error_response;

#[derive(Embed)]
#[folder = "../frontend/dist"]
#[allow_missing = true]
struct Assets;

pub async fn serve(req: HttpRequest) -> HttpResponse {
    let path = req.path().trim_start_matches('/');
    if path.starts_with("api/") || path == "api" {
        return error_response(
            StatusCode::NOT_FOUND,
            "not_found",
            "There is no such API endpoint.",
        );
    }
    let (name, fallback) = match Assets::get(path) {
        Some(_) if !path.is_empty() => (path, false),
        // A path that looks like a file but is not one is a real 404, not the app.
        _ if path
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.')) =>
        {
            return HttpResponse::NotFound()
                .content_type("text/plain")
                .body("Not found");
        }
        _ => ("index.html", true),
    };
    let Some(file) = Assets::get(name) else {
        return HttpResponse::ServiceUnavailable()
            .content_type("text/plain; charset=utf-8")
            .body("This binary was built without the web app. Build it with `cargo xtask dist`.");
    };
    let accepts = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let (body, encoding) = ["br", "gzip"]
        .into_iter()
        .filter(|enc| {
            accepts
                .split(',')
                .any(|a| a.trim().split(';').next() == Some(*enc))
        })
        .find_map(|enc| {
            let suffix = if enc == "br" { "br" } else { "gz" };
            Assets::get(&format!("{name}.{suffix}")).map(|f| (f.data, Some(enc)))
        })
        .unwrap_or((file.data, None));
    let mime = mime_guess::from_path(name).first_or_octet_stream();
    let cache = if name == "index.html" {
        "no-cache"
    } else {
        "public, max-age=31536000, immutable"
    };
    let mut response = HttpResponse::Ok();
    response
        .content_type(mime.as_ref())
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::VARY, "Accept-Encoding"));
    if let Some(enc) = encoding {
        response.insert_header((header::CONTENT_ENCODING, enc));
    }
    if name == "index.html" {
        response.insert_header((header::CONTENT_SECURITY_POLICY, content_security_policy()));
    }
    let _ = fallback;
    response.body(body.into_owned())
}

/// The boot script in index.html is inline; xtask writes its hash to `index.csp` so the
/// policy can allow exactly that script and nothing else inline.
fn content_security_policy() -> String {
    let boot_hash = Assets::get("index.csp")
        .map(|f| String::from_utf8_lossy(&f.data).trim().to_string())
        .unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {boot_hash}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    )
}
