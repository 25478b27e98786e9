using Xunit;

namespace Grid.Tests.Infrastructure;

/// <summary>Bad-input tests that must also show memory stayed bounded: what the failing call allocated on this thread.</summary>
public static class Allocations
{
    /// <summary>Asserts that <paramref name="call"/> throws <typeparamref name="TException"/>; <paramref name="allocated"/>: the bytes it allocated.</summary>
    public static TException Throws<TException>(Action call, out long allocated) where TException : Exception
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<TException>(call);
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return error;
    }
}
