using System.Reflection;
using System.Text.RegularExpressions;
using Grid.Grains;
using Grid.Learning.Training;
using Grid.Tests.Infrastructure;
using Xunit;

namespace Grid.Tests.Contracts;

/// <summary>
/// Whatever speaks to a grain does not pull TorchSharp in: Grains.Interfaces and the request records it carries
/// (Learning.Contracts) neither reference the learning library nor TorchSharp, in their projects or their assemblies.
/// </summary>
[Trait("Category", "Unit")]
public sealed partial class ContractProjectsTests
{
    [Theory]
    [InlineData("Grains.Interfaces/Grains.Interfaces.csproj")]
    [InlineData("Learning.Contracts/Learning.Contracts.csproj")]
    public void TheContractProjectsReachNeitherTheLearningLibraryNorTorchSharp(string project)
    {
        var closure = ProjectClosure(project).ToArray();
        Assert.Contains(project, closure);
        Assert.DoesNotContain("Learning/Learning.csproj", closure);
        foreach (var file in closure)
            Assert.DoesNotMatch(TorchSharpPackage(), File.ReadAllText(Path.Combine(RepositoryRoot.Path, file)));
    }

    [Fact]
    public void TheContractAssembliesReferenceNeitherTheLearningLibraryNorTorchSharp()
    {
        var seen = new HashSet<string>();
        var pending = new Stack<Assembly>([typeof(IFoldGrain).Assembly, typeof(FoldJobRequest).Assembly]);
        while (pending.TryPop(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                var name = reference.Name!;
                Assert.False(name.StartsWith("TorchSharp", StringComparison.Ordinal), $"{assembly.GetName().Name} references {name}");
                Assert.NotEqual("Grid.Learning", name);
                if (name.StartsWith("Grid.", StringComparison.Ordinal) && seen.Add(name)) pending.Push(Assembly.Load(reference));
            }
        }
        Assert.Contains("Grid.Learning.Contracts", seen);
    }

    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current)) continue;
            var folder = Path.GetDirectoryName(current)!;
            foreach (Match reference in ProjectReference().Matches(File.ReadAllText(Path.Combine(RepositoryRoot.Path, current))))
                pending.Push(Path.GetRelativePath(RepositoryRoot.Path, Path.GetFullPath(Path.Combine(RepositoryRoot.Path, folder, reference.Groups["path"].Value))));
        }
        return seen;
    }

    [GeneratedRegex("<ProjectReference Include=\"(?<path>[^\"]+)\"")]
    private static partial Regex ProjectReference();

    [GeneratedRegex("<PackageReference Include=\"TorchSharp", RegexOptions.IgnoreCase)]
    private static partial Regex TorchSharpPackage();
}
