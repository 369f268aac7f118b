//! Packs the binary's relative relocations (DT_RELR, `-z pack-relative-relocs`):
//! a position-independent executable otherwise carries one 24-byte
//! `R_X86_64_RELATIVE` entry per pointer in its tables and vtables (~90 kB
//! of roamd's flash). GNU ld 2.38+ and lld understand the option; ld only
//! emits DT_RELR when the C library it links against supports it (glibc
//! 2.36+), so the binary never needs more than the build machine's libc.

fn main() {
    let target = std::env::var("TARGET").unwrap_or_default();
    if target.contains("-linux-gnu") {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
