using Cluster.Core.Processing;
using Cluster.Core.Specs;
using Cluster.Processors.Noop;

namespace Cluster.Processors.Tests.Noop;

public class NoopKindTests
{
    [Fact]
    public async Task An_item_ends_done_with_no_artifact_and_nothing_written_even_for_a_missing_input()
    {
        var spec = JobSpecParser.Parse("name: n\nkind: noop\ninput: { items: [a.bin, b.bin] }\n", ProcessorKinds.All(), "/data");
        var output = Directory.CreateTempSubdirectory("noop-test-");
        try
        {
            var result = await ProcessorKinds.All().Get("noop").ProcessAsync(new WorkInput("a.bin", "/data/does-not-exist/a.bin"),
                spec.Parameters, new ProcessorContext(output.FullName, output.FullName, MaxThreads: 1), CancellationToken.None);

            Assert.Equal(ItemOutcome.Done, result.Outcome);
            Assert.Empty(result.Artifacts);
            Assert.Empty(output.EnumerateFileSystemInfos());
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [Fact]
    public void Parameters_are_refused_because_the_kind_takes_none()
    {
        var error = Assert.Throws<JobSpecException>(() =>
            JobSpecParser.Parse("name: n\nkind: noop\ninput: { items: [a.bin] }\nparams: { delay_ms: 5 }\n", ProcessorKinds.All(), "/data"));
        Assert.Contains(error.Errors, e => e.Field.Contains("delay_ms"));
    }
}
