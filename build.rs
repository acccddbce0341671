//! Links the Linux binary as a fixed-address (non-PIE) executable.
//!
//! chrono-tz's zone tables are full of pointers; in a position-independent
//! executable every one of them is relocated at start-up, which costs each
//! run about 0.5 ms and 1.5 MiB of memory: a third of `backwalk status`'s
//! time. A fixed-address executable needs none of that. Shared libraries,
//! the heap and the stack are still placed at random; only the program's
//! own code and data are not. The code stays position-independent, so this
//! is a link-time choice only (see bench/README.md for the figures).
fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
