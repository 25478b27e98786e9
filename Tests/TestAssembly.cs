using Xunit;

// One collection at a time. On this project's 2-core machines, TorchSharp training from several test classes at once in
// one process, next to silo processes that train too, intermittently gave non-finite losses (an open fault, see
// docs/performance.md); the tests that exercise concurrency (ConcurrentStepTests, multi-slot silos) start their own
// threads and processes.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
