using Cluster.Core.Processing;
using Cluster.Core.Specs;

namespace Cluster.Core.Kinds;

/// <summary>
/// A job kind as the cluster sees it: how to validate and bind a spec's <c>params</c>/<c>outputs</c>, and how to
/// run one item. Implemented by wrapping a pure <see cref="IProcessor{TParameters}"/>.
/// </summary>
public interface IJobKind
{
    string Name { get; }

    /// <summary>True when items are files the processor reads; false when they are plain keys.</summary>
    bool ReadsFiles { get; }

    /// <summary>How input entries become items; files or plain keys unless the kind says otherwise.</summary>
    ItemForm Items => ReadsFiles ? ItemForm.File : ItemForm.Key;

    /// <summary>Reads and validates the parameters, reporting problems through the readers; returns the typed parameters, or null when it reported problems.</summary>
    object? BindParameters(SpecReader parameters, SpecReader outputs);

    Task<ProcessorResult> ProcessAsync(WorkInput input, object parameters, ProcessorContext context, CancellationToken cancellationToken);
}
