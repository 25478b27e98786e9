using System.Text.RegularExpressions;
using Grid.Silo.Runner;
using Xunit;

namespace Grid.Tests.Cluster;

/// <summary>The breakdown a runner logs with a finished job: each phase as added, training the rest of the total.</summary>
[Trait("Category", "Unit")]
public sealed partial class JobPhasesTests
{
    [Fact]
    public void NamesEachPhaseAndLeavesTheRestToTraining()
    {
        var phases = new JobPhases();
        phases.Begin(TimeSpan.FromMilliseconds(12));
        phases.Data(TimeSpan.FromMilliseconds(3));
        phases.Result(TimeSpan.FromMilliseconds(9));
        phases.Completion(TimeSpan.FromMilliseconds(21));
        phases.UploadWait(TimeSpan.FromMilliseconds(40));
        phases.UploadWait(TimeSpan.FromMilliseconds(2));
        var spent = JobPhases.Time(phases.Completion, () =>
        {
            Thread.Sleep(30);
            return 7;
        });

        var line = phases.ToString();

        Assert.Equal(7, spent);
        var match = Breakdown().Match(line);
        Assert.True(match.Success, line);
        var (total, training) = (int.Parse(match.Groups["total"].Value), int.Parse(match.Groups["training"].Value));
        Assert.Equal(("12", "3", "42", "9"), (match.Groups["begin"].Value, match.Groups["data"].Value, match.Groups["upload"].Value, match.Groups["result"].Value));
        var completion = int.Parse(match.Groups["completion"].Value);
        Assert.InRange(completion, 51, 10_000);
        // Phases added by hand exceed the little real time that passed: training is what is left, whatever its sign.
        Assert.InRange(total - (12 + 3 + 9 + completion) - training, -3, 3); // each figure rounded on its own
    }

    [GeneratedRegex(@"^total (?<total>\d+) ms: begin (?<begin>\d+), data (?<data>\d+), training (?<training>-?\d+) \(of it waiting for uploads (?<upload>\d+)\), result (?<result>\d+), completion (?<completion>\d+)$")]
    private static partial Regex Breakdown();
}
