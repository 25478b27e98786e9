namespace Grid.Tests.Infrastructure;

/// <summary>
/// The open fault behind the quarantined silo-process tests: on the AVX-512 machine the project moved to, fold jobs in
/// silo processes intermittently end in NaN losses, even re-run from scratch in the same process; the same tests pass
/// run alone, and failed on main before the kernel cap (docs/performance.md, "CPU kernels held at AVX2").
/// </summary>
public static class FoldNanFault
{
    public const string Quarantined =
        "Quarantined until the NaN-loss fault of silo processes on AVX-512 machines is found (docs/performance.md); passes run alone";
}
