using Cluster.Core.Processing;
using Cluster.Core.Specs;

namespace Cluster.Core.Kinds;

/// <summary>Adapts a typed processor and its parameter binder to <see cref="IJobKind"/>.</summary>
public sealed class JobKind<TParameters>(
    IProcessor<TParameters> processor,
    Func<SpecReader, SpecReader, TParameters?> bind,
    bool readsFiles = true,
    ItemForm? items = null) : IJobKind
    where TParameters : class
{
    public string Name => processor.Kind;
    public bool ReadsFiles => readsFiles;
    public ItemForm Items => items ?? (readsFiles ? ItemForm.File : ItemForm.Key);

    public object? BindParameters(SpecReader parameters, SpecReader outputs) => bind(parameters, outputs);

    public Task<ProcessorResult> ProcessAsync(WorkInput input, object parameters, ProcessorContext context, CancellationToken cancellationToken) =>
        processor.ProcessAsync(input, (TParameters)parameters, context, cancellationToken);
}
