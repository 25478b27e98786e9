using System.Reflection;
using Xunit;

namespace Grid.Tests;

/// <summary>
/// Every test class says which kind it is, so that <c>./grid test --quick</c> (<c>--filter Category=Unit</c>) can
/// leave out the Azurite, in-process cluster and real-process tests.
/// </summary>
[Trait("Category", "Unit")]
public sealed class TestCategoriesTests
{
    /// <summary>
    /// The categories a test class may carry: Unit (pure logic and fast in-process training; <c>--quick</c> runs these),
    /// Slow (in-process too, but seconds per test: training several epochs, writing datasets of 30-s clips),
    /// Cluster (an in-process Orleans test cluster and/or Azurite), Process (real silo and client processes, compose files).
    /// </summary>
    public static readonly string[] Categories = ["Unit", "Slow", "Cluster", "Process"];

    /// <summary>The classes among <paramref name="types"/> that hold tests but carry no known category, named.</summary>
    public static IEnumerable<string> Uncategorised(IEnumerable<Type> types) =>
        types.Where(HoldsTests)
            .Where(t => CategoriesOf(t).Count(Categories.Contains) != 1)
            .Select(t => $"{t.FullName}: [{string.Join(", ", CategoriesOf(t))}]");

    private static bool HoldsTests(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            .Any(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any());

    private static IEnumerable<string> CategoriesOf(Type type) =>
        type.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(TraitAttribute) && (string?)a.ConstructorArguments[0].Value == "Category")
            .Select(a => (string)a.ConstructorArguments[1].Value!);

    [Fact]
    public void EveryTestClassCarriesOneCategory()
    {
        var testClasses = typeof(TestCategoriesTests).Assembly.GetTypes().Where(t => t.DeclaringType != typeof(TestCategoriesTests)).ToArray();
        Assert.Contains(typeof(Training.FoldJobTests), testClasses.Where(HoldsTests));
        Assert.Empty(Uncategorised(testClasses));
    }

    [Fact]
    public void ClassesWithoutACategoryOrWithAnUnknownOneAreNamed()
    {
        var named = Uncategorised([typeof(WithoutCategory), typeof(WithUnknownCategory), typeof(WithCategory), typeof(WithoutTests)]).ToArray();
        Assert.Equal(2, named.Length);
        Assert.Contains(named, n => n.Contains(nameof(WithoutCategory)) && n.EndsWith("[]"));
        Assert.Contains(named, n => n.Contains(nameof(WithUnknownCategory)) && n.EndsWith("[Fast]"));
    }

    // Abstract, so xunit does not run them; they exist for the check above.
    public abstract class WithoutCategory
    {
        [Fact]
        public void Probe() { }
    }

    [Trait("Category", "Fast")]
    public abstract class WithUnknownCategory
    {
        [Theory, InlineData(1)]
        public void Probe(int value) => Assert.Equal(1, value);
    }

    [Trait("Category", "Cluster")]
    public abstract class WithCategory
    {
        [Fact]
        public void Probe() { }
    }

    public abstract class WithoutTests
    {
        public void NotATest() { }
    }
}
