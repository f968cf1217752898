//! The embedded web app: deep links, hashed immutable assets, pre-compressed variants,
//! security headers, health probes and the OpenAPI document.

use earshot_tests::Server;

#[test]
fn serves_the_app_with_deep_links_and_precompressed_hashed_assets() {
    let server = Server::start();
    let c = server.client();
    let index = c.get("/");
    assert_eq!(index.status, 200);
    assert!(
        index
            .header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert_eq!(index.header("cache-control"), Some("no-cache"));
    let csp = index.header("content-security-policy").unwrap().to_string();
    assert!(
        csp.contains("default-src 'self'") && csp.contains("'sha256-"),
        "{csp}"
    );
    assert_eq!(index.header("x-frame-options"), Some("DENY"));

    let deep = c.get("/settings/users");
    assert_eq!(deep.status, 200);
    assert_eq!(deep.body, index.body, "deep links get the app");

    let wasm = index
        .body
        .split('"')
        .find(|s| s.ends_with(".wasm"))
        .expect("index names the wasm")
        .to_string();
    let js = index
        .body
        .split(['"', '\''])
        .find(|s| s.ends_with(".js"))
        .expect("index names the js")
        .to_string();
    assert!(
        wasm.starts_with("/app-") && js.starts_with("/app-"),
        "hashed names: {wasm} {js}"
    );
    let plain = c.get(&wasm);
    assert_eq!(plain.status, 200);
    assert_eq!(plain.header("content-type"), Some("application/wasm"));
    assert_eq!(
        plain.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(plain.header("content-encoding"), None);

    let br = c.send(
        "GET",
        &wasm,
        None,
        &[("accept-encoding", "gzip, deflate, br")],
    );
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.header("vary"), Some("Accept-Encoding"));
    let gz = c.send("GET", &js, None, &[("accept-encoding", "gzip")]);
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(gz.header("content-type"), Some("text/javascript"));

    assert_eq!(
        c.get("/app-0000000000000000.js").status,
        404,
        "missing files are not the app"
    );
    assert_eq!(c.get("/api/v1/nothing-here").status, 404);
}

#[test]
fn health_and_readiness_and_openapi() {
    let server = Server::start();
    let c = server.client();
    assert_eq!(c.get("/healthz").json()["status"], "ok");
    assert_eq!(c.get("/readyz").json()["status"], "ready");
    let doc = c.get("/api/v1/openapi.json");
    assert_eq!(doc.status, 200);
    let doc = doc.json();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(
        doc["paths"]["/api/v1/auth/login"]["post"]["x-earshot-access"],
        "public"
    );
    assert_eq!(
        doc["paths"]["/api/v1/users"]["get"]["x-earshot-access"],
        "manage_users"
    );
    assert_eq!(
        doc["paths"]["/api/v1/teams/{id}"]["get"]["parameters"][0]["name"],
        "id"
    );
}

#[test]
fn graceful_shutdown_on_sigterm() {
    let server = Server::start();
    let pid = server.pid();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = std::time::Instant::now();
    while std::path::Path::new(&format!("/proc/{pid}/status")).exists()
        && !std::fs::read_to_string(format!("/proc/{pid}/status"))
            .unwrap_or_default()
            .contains("State:\tZ")
    {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(12),
            "still running 12 s after SIGTERM"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
