using Cluster.Core.Processing;

namespace Cluster.Processors.Noop;

/// <summary>
/// <c>noop</c>: ends every item done at once, without reading its input or writing an artifact. What is left of an
/// item's time is the cluster's own (dispatch, hand-over, completion, ledger): the kind for measuring the cluster itself.
/// </summary>
public sealed class NoopProcessor : IProcessor<NoopParameters>
{
    public string Kind => "noop";

    public Task<ProcessorResult> ProcessAsync(WorkInput input, NoopParameters parameters, ProcessorContext context,
        CancellationToken cancellationToken) => Task.FromResult(ProcessorResult.Done([], []));
}

/// <summary>The kind takes no parameters.</summary>
public sealed record NoopParameters;
