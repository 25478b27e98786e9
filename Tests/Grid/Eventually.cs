namespace Grid.Tests.Grid;

/// <summary>Waits for a condition of a distributed system, failing with a description if it never holds.</summary>
public static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan limit, string description)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var value = await probe();
            if (condition(value)) return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"not within {limit}: {description}; last seen {System.Text.Json.JsonSerializer.Serialize(value)}");
            await Task.Delay(100);
        }
    }
}
