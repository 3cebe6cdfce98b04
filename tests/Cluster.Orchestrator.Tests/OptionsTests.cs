using Cluster.Orchestrator.Security;
using Microsoft.Extensions.Configuration;

namespace Cluster.Orchestrator.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Short_environment_variables_fill_the_options()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CLUSTER_STORE"] = "sqlite:///srv/cluster.db",
            ["CLUSTER_ARTIFACTS"] = "file:///srv/artifacts",
            ["CLUSTER_TOKENS"] = "one, two ,,three",
            ["CLUSTER_INPUT_ROOTS"] = "/data/beamtime,/data/archive",
        }).Build();

        var options = OrchestratorOptions.Bind(configuration);

        Assert.Equal("sqlite:///srv/cluster.db", options.Store);
        Assert.Equal("file:///srv/artifacts", options.Artifacts);
        Assert.Equal(["one", "two", "three"], options.Tokens);
        Assert.Equal(["/data/beamtime", "/data/archive"], options.InputRoots);
        Assert.False(options.ReadRequiresToken);
    }

    [Fact]
    public void The_cluster_section_wins_over_short_variables()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:Store"] = "postgres://cluster@db/cluster",
            ["Cluster:InputRoots:0"] = "/a",
            ["Cluster:ReadRequiresToken"] = "true",
            ["CLUSTER_STORE"] = "sqlite:///ignored.db",
            ["CLUSTER_INPUT_ROOTS"] = "/ignored",
        }).Build();

        var options = OrchestratorOptions.Bind(configuration);

        Assert.Equal("postgres://cluster@db/cluster", options.Store);
        Assert.Equal(["/a"], options.InputRoots);
        Assert.True(options.ReadRequiresToken);
    }

    [Fact]
    public void Missing_settings_are_all_named_with_their_variables()
    {
        var e = Assert.Throws<InvalidOrchestratorOptionsException>(() => new OrchestratorOptions { TokenFile = "/no/such/tokens" }.Validate());

        Assert.Equal(4, e.Problems.Count);
        Assert.Contains("CLUSTER_STORE", e.Message);
        Assert.Contains("CLUSTER_ARTIFACTS", e.Message);
        Assert.Contains("CLUSTER_INPUT_ROOTS", e.Message);
        Assert.Contains("/no/such/tokens does not exist", e.Message);
    }

    [Fact]
    public void Access_tokens_accept_exactly_the_configured_ones()
    {
        var tokens = new AccessTokens(["alpha", " beta ", ""]);

        Assert.Equal(2, tokens.Count);
        Assert.True(tokens.Accepts("alpha"));
        Assert.True(tokens.Accepts("beta"));
        Assert.False(tokens.Accepts("alph"));
        Assert.False(tokens.Accepts("alphaa"));
        Assert.False(tokens.Accepts(""));
        Assert.False(new AccessTokens([]).Accepts(""));
    }
}
