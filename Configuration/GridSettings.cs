using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Grid.Configuration;

/// <summary>
/// The <c>Cluster</c> and <c>Storage</c> sections, which silos and the console share: bound with
/// <c>BindConfiguration</c> and validated by <see cref="SettingsValidation{T}"/>, on start in a host
/// (<see cref="AddTo"/>) or at once (<see cref="Load"/>).
/// </summary>
public sealed record GridSettings(ClusterSettings Cluster, StorageSettings Storage)
{
    /// <summary>Binds both sections from the host's configuration and validates them when the host starts.</summary>
    public static IServiceCollection AddTo(IServiceCollection services)
    {
        Add<ClusterSettings>(services, ClusterSettings.Section);
        Add<StorageSettings>(services, StorageSettings.Section);
        return services;
    }

    /// <summary>Both sections of <paramref name="configuration"/>, bound and validated; every problem in one <see cref="GridConfigurationException"/>.</summary>
    public static GridSettings Load(IConfiguration configuration)
    {
        using var services = AddTo(new ServiceCollection().AddSingleton(configuration)).BuildServiceProvider();
        var problems = new List<string>();
        var cluster = Value<ClusterSettings>(services, problems);
        var storage = Value<StorageSettings>(services, problems);
        if (problems.Count > 0) throw new GridConfigurationException("invalid configuration: " + string.Join("; ", problems));
        return new GridSettings(cluster!, storage!);
    }

    private static T? Value<T>(IServiceProvider services, List<string> problems) where T : class
    {
        try
        {
            return services.GetRequiredService<IOptions<T>>().Value;
        }
        catch (OptionsValidationException error)
        {
            problems.AddRange(error.Failures);
        }
        catch (InvalidOperationException error)
        {
            problems.Add(error.Message);
        }
        return null;
    }

    private static void Add<T>(IServiceCollection services, string section) where T : class, IGridSettings
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, SettingsValidation<T>>());
    }
}
