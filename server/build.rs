// Re-embed the web app whenever `cargo xtask web` rewrites it: rust-embed tracks edits to
// files that existed at the last build, but not files added or removed (hashed names change).
fn main() {
    println!("cargo:rerun-if-changed=../frontend/dist");
}
