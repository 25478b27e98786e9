using Azure;
using Orleans.Runtime;
using Orleans.Storage;

namespace Grid.Silo.Runner;

/// <summary>
/// Tells an interruption of a job from its failure. Interruptions are not the job's fault and use up no retry (they are
/// capped by <c>Scheduler:MaxInterruptions</c> instead): a failed grain call of the runner (<see cref="GridCallException"/>),
/// a grain call the cluster rejected (its silo is gone) or that was not answered in time, a storage service error (<see cref="RequestFailedException"/>, from the artifact store or
/// from a grain's state write), an ETag conflict on a grain's state (<see cref="InconsistentStateException"/>, HTTP
/// 412/409) and an artifact store fault (<see cref="StorageFaultException"/>). Everything else (the job's own errors, a
/// bad file, a non-finite loss) counts against the job's retries.
/// </summary>
public static class JobInterruptions
{
    public static bool IsInterruption(Exception error) => error switch
    {
        GridCallException or OrleansMessageRejectionException or TimeoutException or StorageFaultException or InconsistentStateException => true,
        RequestFailedException { Status: not 404 } => true,
        // A storage error that the grain's silo could not send back as itself arrives under its type's name.
        Orleans.Serialization.UnavailableExceptionFallbackException { ExceptionType: { } type } =>
            type.EndsWith(nameof(RequestFailedException), StringComparison.Ordinal) || type.EndsWith(nameof(InconsistentStateException), StringComparison.Ordinal),
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsInterruption),
        _ => error.InnerException is { } inner && IsInterruption(inner),
    };
}
