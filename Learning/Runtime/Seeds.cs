using System.Security.Cryptography;
using System.Text;

namespace Grid.Learning.Runtime;

/// <summary>
/// Every random choice in the grid takes a seed derived from the experiment's seed and a
/// purpose ("fold/3", "augment", "split"...), so runs are reproducible and streams independent.
/// </summary>
public static class Seeds
{
    /// <summary>A 63-bit seed from a parent seed and the parts naming its purpose.</summary>
    public static long Derive(long parent, params object[] purpose)
    {
        var text = parent.ToString(System.Globalization.CultureInfo.InvariantCulture) + "|" +
                   string.Join("|", purpose.Select(p => Convert.ToString(p, System.Globalization.CultureInfo.InvariantCulture)));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return BitConverter.ToInt64(hash, 0) & long.MaxValue;
    }

    /// <summary>A System.Random seeded from <see cref="Derive"/>.</summary>
    public static Random Random(long parent, params object[] purpose) =>
        new((int)(Derive(parent, purpose) & int.MaxValue));
}
