//! How the process takes memory from the system: two mimalloc options and
//! one kernel setting, each measured in BENCHMARKS.md.

/// mimalloc's `purge_delay` option (`mi_option_purge_delay` in mimalloc.h;
/// the Rust bindings have no name for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
/// mimalloc's `allow_thp` option (`mi_option_allow_thp`, likewise).
const MI_OPTION_ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// Keeps memory that rendering frees for the next pages instead of giving
/// it back to the system. By default mimalloc returns freed memory after a
/// second, and the next page's allocations fault it in again, each time
/// zeroed by the kernel: a build of 10,000 reports took 30,000 page faults
/// (of 2 MB huge pages) and ~1.8 s of system time; without purging, 2,100
/// faults and ~1.3 s, for 10% more peak memory (see BENCHMARKS.md).
pub fn keep_freed_memory() {
    // SAFETY: sets a process-wide integer option; mimalloc reads it when it
    // decides whether to purge, at any time and from any thread.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

/// Asks for memory in ordinary 4 KB pages rather than transparent huge
/// pages. mimalloc advises the kernel to back its arenas with 2 MB pages;
/// where the kernel compacts memory to find them (`defrag` set to
/// `madvise`, as on Debian) a fault can stall for milliseconds, and the
/// search index of 10,000 reports, which touches 2 GB, spent 3–9 s of
/// system time on it against 1.5 s without (BENCHMARKS.md). Called first
/// thing in `main`; the kernel setting covers memory mapped before it too.
pub fn without_huge_pages() {
    // SAFETY: sets a process-wide integer option before the arenas grow.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_ALLOW_THP, 0) }
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes one integer argument and changes only
    // how the kernel backs this process's memory; failure changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// The process's resident memory and its peak so far, in KiB, from
/// `/proc/self/status` (`VmRSS`, `VmHWM`); `None` where there is no such
/// file.
pub fn resident() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))?
            .trim()
            .strip_suffix("kB")?
            .trim()
            .parse::<u64>()
            .ok()
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// With `RETROSPECT_TIMINGS` set, prints the resident memory and its peak
/// once `stage` is done, on stderr: where a build's memory goes, stage by
/// stage (BENCHMARKS.md).
pub fn probe(stage: &str) {
    if std::env::var_os("RETROSPECT_TIMINGS").is_none() {
        return;
    }
    if let Some((now, peak)) = resident() {
        eprintln!(
            "memory after {stage}: {} MB resident, peak {} MB",
            now * 1024 / 1_000_000,
            peak * 1024 / 1_000_000
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Set by [`the_purge_delay_option_is_the_one_set`] for the process it
    /// starts.
    const FRESH: &str = "RETROSPECT_TEST_FRESH_PROCESS";

    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // Other tests of this process build sites, which keeps freed memory:
        // the default is only seen in a process of its own. This test
        // binary, running only the test below.
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "memory::tests::purge_delay_in_a_fresh_process",
                "--ignored",
                "--test-threads=1",
            ])
            .env(FRESH, "1")
            .env_remove("MIMALLOC_PURGE_DELAY")
            .output()
            .unwrap();
        let printed = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{printed}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(printed.contains("test result: ok. 1 passed"), "{printed}");
    }

    #[test]
    #[ignore = "run in a process of its own by the_purge_delay_option_is_the_one_set"]
    fn purge_delay_in_a_fresh_process() {
        assert!(
            std::env::var_os(FRESH).is_some(),
            "run through the_purge_delay_option_is_the_one_set"
        );
        // SAFETY: reads an option.
        let read = || unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        // mimalloc 3's default purge delay is 1,000 ms; no other option has
        // that default, so this is the option `keep_freed_memory` sets.
        assert_eq!(read(), 1000);
        keep_freed_memory();
        assert_eq!(read(), -1);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn resident_memory_grows_with_what_is_held() {
        // 64 MiB, written so that every page is resident: whatever other
        // tests of the process free meanwhile, it stays at least that.
        let held = vec![1u8; 64 << 20];
        let (now, peak) = resident().unwrap();
        assert!(now >= 64 << 10, "{now} KiB resident");
        assert!(peak >= now, "peak {peak} KiB, now {now} KiB");
        assert_eq!(held[held.len() - 1], 1);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn huge_pages_are_turned_off_for_the_process() {
        without_huge_pages();
        // SAFETY: reads the flag PR_SET_THP_DISABLE set.
        let disabled = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(disabled, 1);
        // SAFETY: reads an option.
        assert!(!unsafe { libmimalloc_sys::mi_option_is_enabled(MI_OPTION_ALLOW_THP) });
    }
}
