using Grid.Learning.Models;
using Grid.Learning.Settings;

namespace Grid.Learning.Training;

public sealed partial record ModelOptions
{
    /// <summary>Width: 1 to 512 channels in the first stage (torchvision's ResNet has 64; 512 is already 8 times that).</summary>
    public static readonly NumericRange WidthRange = NumericRange.Whole("width", 1, 512);

    /// <summary>The numeric ranges of this record, by field.</summary>
    public static IReadOnlyList<NumericRange> Ranges { get; } = [WidthRange];

    /// <summary>Every setting outside its range, field by field (camelCase, relative to this record); empty when usable.</summary>
    public IReadOnlyList<SettingProblem> Validate()
    {
        var names = ResNetArchitecture.All.Select(a => a.Name).ToArray();
        return new SettingChecks()
            .Require(names.Contains(Architecture), "architecture", $"'{Architecture}' is not one of {string.Join(", ", names)}")
            .Range(WidthRange, Width)
            .Problems;
    }
}
