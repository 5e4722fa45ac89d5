#if canImport(Glibc)
import CMalloc
#endif

/// glibc's allocator, tuned for runs that build and drop arrays of tens of megabytes.
///
/// By default glibc serves an allocation above 128 KB (rising to at most 32 MB as such blocks are
/// freed) with its own `mmap`, returns it to the kernel when it is freed, and trims the top of the
/// heap once 128 KB of it are free. A national run's phases each build such arrays (choice sets of
/// 50 MB, the allocation problem, the output files) and each phase's arrays then arrive as fresh
/// zeroed pages, a page fault every 4 KB. Served from the heap and kept there, freed memory is
/// reused by the next phase instead: a third fewer page faults (120,000 → 83,000) and about 0.1 s
/// less system time, for 40 MB more peak memory (365 MB).
enum MallocTuning {
    /// Free memory at the top of the heap kept rather than returned to the kernel.
    static let trimThreshold: Int32 = 512 << 20

    /// Applies the settings; called once at start-up, before anything is allocated in bulk.
    static func apply() {
        #if canImport(Glibc)
        // No block gets its own mapping (a thread's arena still maps one that does not fit its heap).
        _ = mallopt(M_MMAP_MAX, 0)
        _ = mallopt(M_TRIM_THRESHOLD, trimThreshold)
        #endif
    }
}
