namespace Grid.Storage;

/// <summary>Whether a path stays inside a folder, compared with the separator (<c>/data/x</c> is not inside <c>/data/xy</c>'s sibling <c>/data/x-other</c>).</summary>
public static class PathContainment
{
    /// <summary><paramref name="relative"/> resolved under <paramref name="root"/>; throws <see cref="ArgumentException"/> naming <paramref name="what"/> when it leaves the root.</summary>
    public static string Under(string root, string relative, string what)
    {
        var fullRoot = Path.GetFullPath(root);
        var path = Path.GetFullPath(Path.Combine(fullRoot, relative));
        if (Path.IsPathRooted(relative) || !IsInside(fullRoot, path))
            throw new ArgumentException($"{what} '{relative}' leaves {fullRoot}");
        return path;
    }

    /// <summary>True when <paramref name="path"/> is strictly inside <paramref name="root"/> (both full paths).</summary>
    public static bool IsInside(string root, string path)
    {
        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }
}
