fn main() -> std::process::ExitCode {
    tune_allocator();
    earshot::cli::main()
}

/// glibc raises its mmap threshold after large frees, so the 19 MiB argon2 buffers end up
/// in per-thread heaps and stay resident (200+ MB after a burst of logins). A fixed
/// threshold returns them to the system at once, and two arenas are plenty for this server.
fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only adjusts allocator parameters; called before any other thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}
