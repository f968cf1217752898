fn main() -> std::process::ExitCode {
    earshot::cli::main()
}
