using System.CommandLine;

namespace Grid.Client;

/// <summary>
/// Options whose value is one of a closed set: an enum spelled in lower case as in specs (<c>sgd</c>, <c>multistep</c>,
/// <c>finetune</c>), or a fixed list of names. Other values are refused naming the option, and --help lists them.
/// </summary>
internal static class ChoiceOptions
{
    /// <summary>The spelling of <paramref name="value"/> on the command line and in specs.</summary>
    public static string Spell<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>An option taking one of <typeparamref name="TEnum"/>'s values by their spelling; <paramref name="defaultValue"/> null makes it required.</summary>
    public static Option<string> Of<TEnum>(string name, string description, TEnum? defaultValue) where TEnum : struct, Enum =>
        Among(name, description, Enum.GetValues<TEnum>().Select(Spell).ToArray(), defaultValue is { } fallback ? Spell(fallback) : null);

    /// <summary>The enum value an option made by <see cref="Of{TEnum}"/> was given (its parser admits only listed spellings).</summary>
    public static TEnum Value<TEnum>(ParseResult parse, Option<string> option) where TEnum : struct, Enum
    {
        var text = parse.GetValue(option);
        foreach (var value in Enum.GetValues<TEnum>())
            if (Spell(value) == text) return value;
        throw new BadOptionException($"{option.Name}: '{text}' is not one of {string.Join(", ", Enum.GetValues<TEnum>().Select(Spell))}");
    }

    /// <summary>A string option taking one of <paramref name="names"/>.</summary>
    public static Option<string> Among(string name, string description, IReadOnlyList<string> names, string? defaultValue)
    {
        var option = new Option<string>(name) { Description = $"{description}: {string.Join(", ", names)}", HelpName = string.Join("|", names) };
        option.AcceptOnlyFromAmong([.. names]);
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        else option.Required = true;
        return option;
    }
}
