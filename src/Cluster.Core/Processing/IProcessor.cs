namespace Cluster.Core.Processing;

/// <summary>
/// The pure computation behind one job kind: an item and its parameters in, artifact files out.
/// A processor knows nothing about leases, stores or HTTP; whoever runs it decides where the files go next.
/// </summary>
public interface IProcessor<in TParameters>
{
    /// <summary>The job kind this processor implements, e.g. <c>iq-spectrogram</c>.</summary>
    string Kind { get; }

    Task<ProcessorResult> ProcessAsync(WorkInput input, TParameters parameters, ProcessorContext context,
        CancellationToken cancellationToken);
}
