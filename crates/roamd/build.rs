//! Link options that keep roamd's binary small (an AP's flash):
//!
//! - `-z pack-relative-relocs` (DT_RELR): a position-independent executable
//!   otherwise carries one 24-byte `R_X86_64_RELATIVE` entry per pointer in
//!   its tables and vtables (~90 kB of roamd). GNU ld 2.38+ and lld know it;
//!   ld only emits DT_RELR when the C library supports it (glibc 2.36+), so
//!   the binary never needs more than the build machine's libc.
//! - Release builds linked by rust-lld (x86_64 Linux from Rust 1.90 on),
//!   only there, since GNU ld lacks the first option:
//!   - `--icf=all` folds functions whose code is identical (the same
//!     generic instantiated for types of one layout; ~22 kB). Rust makes no
//!     promise that two functions have distinct addresses, and lld folds
//!     no writable or RELRO data, so vtables stay distinct.
//!   - `--no-eh-frame-hdr` drops the unwinder's lookup table (~32 kB). The
//!     release profile aborts on panic, so nothing unwinds; a debugger or
//!     perf still reads `.eh_frame` itself; only std's backtrace print after
//!     a panic comes out empty.

use std::env;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=RUSTFLAGS");
    let target = env::var("TARGET").unwrap_or_default();
    if !target.contains("-linux-gnu") {
        return;
    }
    println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    let release = env::var("PROFILE").is_ok_and(|p| p == "release");
    if release && target == "x86_64-unknown-linux-gnu" && links_with_rust_lld() {
        println!("cargo:rustc-link-arg-bins=-Wl,--icf=all");
        println!("cargo:rustc-link-arg-bins=-Wl,--no-eh-frame-hdr");
    }
}

/// True when rustc 1.90+ links with its default linker (rust-lld), i.e. no
/// linker was chosen in RUSTFLAGS or in Cargo's environment.
fn links_with_rust_lld() -> bool {
    let flags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    if flags.contains("linker") || flags.contains("link-self-contained") {
        return false;
    }
    if env::vars().any(|(k, _)| k.starts_with("CARGO_TARGET_") && k.ends_with("_LINKER")) {
        return false;
    }
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let Ok(out) = Command::new(rustc).arg("--version").output() else {
        return false;
    };
    // "rustc 1.95.0 (59807616e 2026-04-14)"
    let version = String::from_utf8_lossy(&out.stdout);
    let minor = version
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.split('.').nth(1))
        .and_then(|m| m.parse::<u32>().ok());
    minor.is_some_and(|m| m >= 90)
}
