namespace Grid.Tests.Cluster;

/// <summary>Waits for a condition of a distributed system, failing with a description if it never holds.</summary>
public static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan limit, string description)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            T value;
            try
            {
                value = await probe();
            }
            catch (Exception error) when (error is TimeoutException or Orleans.Runtime.OrleansException or Orleans.Runtime.SiloUnavailableException && DateTime.UtcNow < deadline)
            {
                // A silo of the cluster died under the call; ask again.
                await Task.Delay(200);
                continue;
            }
            if (condition(value)) return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"not within {limit}: {description}; last seen {System.Text.Json.JsonSerializer.Serialize(value)}");
            await Task.Delay(100);
        }
    }
}
