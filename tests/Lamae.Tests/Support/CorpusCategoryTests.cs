using System.Reflection;

namespace Lamae.Tests.Support;

/// <summary>
/// The count of corpus tests that `dotnet test` prints when it leaves them out is made at build time from the
/// *CorpusTests.cs sources (SharedCorpus.targets); these check it against the compiled tests, so the line cannot lie.
/// </summary>
public class CorpusCategoryTests
{
    private static readonly Type[] TestClasses = [.. typeof(CorpusCategoryTests).Assembly.GetTypes()
        .Where(t => t.IsClass && t.GetMethods().Any(m => m.GetCustomAttribute<FactAttribute>() is not null))];

    [Fact]
    public void The_count_printed_for_left_out_corpus_tests_equals_the_corpus_test_cases_compiled()
    {
        string? built = typeof(CorpusCategoryTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "LamaeCorpusTests")?.Value;
        int compiled = TestClasses.Where(HasCorpusTrait).SelectMany(t => t.GetMethods()).Sum(CasesOf);

        Assert.NotNull(built);
        Assert.True(compiled > 0, "no corpus tests compiled");
        Assert.Equal(compiled, int.Parse(built, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Corpus_tests_are_whole_classes_named_CorpusTests()
    {
        Assert.All(TestClasses, t => Assert.True(HasCorpusTrait(t) == t.Name.EndsWith("CorpusTests", StringComparison.Ordinal),
            $"{t.Name}: a class is marked [Trait(\"Category\", \"{SharedCorpus.Category}\")] if and only if it is named *CorpusTests"));
        Assert.All(TestClasses.SelectMany(t => t.GetMethods()), m => Assert.False(HasCorpusTrait(m), $"{m.DeclaringType?.Name}.{m.Name}: mark the class, not the method"));
    }

    // TraitAttribute keeps its name and value only as constructor arguments in the metadata.
    private static bool HasCorpusTrait(MemberInfo member) => member.GetCustomAttributesData().Any(a =>
        a.AttributeType == typeof(TraitAttribute)
        && a.ConstructorArguments is [{ Value: "Category" }, { Value: SharedCorpus.Category }]);

    private static int CasesOf(MethodInfo m) => m.GetCustomAttribute<FactAttribute>() switch
    {
        null => 0,
        TheoryAttribute => m.GetCustomAttributes<InlineDataAttribute>().Count(),
        _ => 1,
    };
}
