fn main() -> std::process::ExitCode {
    tune_allocator();
    earshot::cli::main()
}

/// glibc raises its mmap threshold after large frees, so the 19 MiB argon2 buffers end up
/// in per-thread heaps and stay resident (200+ MB after a burst of logins). A fixed
/// threshold (4 MiB: above any request buffer, below the 19 MiB hash) returns them to the
/// system at once. (Capping the number of arenas as well cost a fifth of ingest throughput
/// to allocator lock contention, so the default stays.)
fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only adjusts allocator parameters; called before any other thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 4 * 1024 * 1024);
    }
}
