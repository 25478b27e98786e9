using System.Text;

namespace Grid.Client.Reports;

internal static class FileNames
{
    /// <summary>Lower-case letters, digits and single dashes: "ResNet-18 / US8K" → "resnet-18-us8k".</summary>
    public static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (var ch in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(ch))
                slug.Append(ch);
            else if (slug.Length > 0 && slug[^1] != '-')
                slug.Append('-');
        }
        var result = slug.ToString().Trim('-');
        return result.Length > 0 ? result : "figure";
    }
}
