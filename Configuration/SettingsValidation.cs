using Microsoft.Extensions.Options;

namespace Grid.Configuration;

/// <summary>Validates a settings section when the host starts (with <c>ValidateOnStart</c>), failing with every problem it names.</summary>
public sealed class SettingsValidation<T> : IValidateOptions<T> where T : class, IGridSettings
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
