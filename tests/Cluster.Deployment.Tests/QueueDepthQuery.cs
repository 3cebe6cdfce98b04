namespace Cluster.Deployment.Tests;

/// <summary>The KEDA trigger's query, as the chart's ScaledObject carries it.</summary>
internal static class QueueDepthQuery
{
    public const string Text = "SELECT depth FROM queue_depth";
}
