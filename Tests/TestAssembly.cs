using Xunit;

// One collection at a time: on this project's 2-core machines, training from several test classes at once next to
// silo processes only oversubscribes the cores and stretches the lease and heartbeat timings the process tests rely
// on. (The intermittent non-finite losses once blamed on that load were oneDNN's padded convolutions, fixed in
// EncoderConv2d; docs/performance.md.) The tests that exercise concurrency (ConcurrentStepTests, multi-slot silos)
// start their own threads and processes.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
