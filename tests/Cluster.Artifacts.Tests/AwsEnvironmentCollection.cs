namespace Cluster.Artifacts.Tests;

/// <summary>Tests that set AWS_* environment variables (read by <c>ArtifactStores.Open</c>) run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class AwsEnvironmentCollection
{
    public const string Name = "AWS environment";
}
