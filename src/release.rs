//! Where Retrospect's releases come from: the version of this binary and
//! the repository, both read from Cargo.toml at build time, and the names
//! of the release archives. `init` writes CI files from these (overridable
//! with `--retrospect-version` and `--repository`), SARIF links to the
//! repository's docs, and the tests check that `.github/workflows/release.yml`,
//! `scripts/install.sh` and the binstall metadata agree with them.

/// This binary's version: `version` in Cargo.toml, the one place it is written.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The repository releases are published from and built from: `repository`
/// in Cargo.toml.
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The targets every release has a binary for, as the release workflow's
/// matrix lists them. Linux binaries are static (musl): they run on any
/// distribution, CI images included.
pub const TARGETS: &[&str] = &[
    "x86_64-unknown-linux-musl",
    "aarch64-unknown-linux-musl",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
    "x86_64-pc-windows-msvc",
];

/// The git tag of a version: `v0.1.0`.
pub fn tag(version: &str) -> String {
    format!("v{version}")
}

/// The folder of a release's assets: `REPO/releases/download/vX.Y.Z`.
pub fn download_url(repository: &str, version: &str) -> String {
    format!(
        "{}/releases/download/{}",
        repository.trim_end_matches('/'),
        tag(version)
    )
}

/// The archive of a target, as the release workflow uploads it
/// (`retrospect-x86_64-unknown-linux-musl.tar.gz`), beside its checksum
/// file ([`checksum_name`]).
pub fn archive_name(target: &str) -> String {
    format!("retrospect-{target}.tar.gz")
}

/// The checksum file of a target's archives: `sha256sum` lines.
pub fn checksum_name(target: &str) -> String {
    format!("retrospect-{target}.sha256")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_follow_the_tag() {
        assert_eq!(tag("0.1.0"), "v0.1.0");
        assert_eq!(
            download_url("https://example.com/o/r/", "1.2.3"),
            "https://example.com/o/r/releases/download/v1.2.3"
        );
        assert!(REPOSITORY.starts_with("https://"), "{REPOSITORY}");
        assert!(!VERSION.is_empty());
    }
}
