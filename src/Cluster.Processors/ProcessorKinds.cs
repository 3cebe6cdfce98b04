using Cluster.Core.Kinds;
using Cluster.Processors.CatalogExport;
using Cluster.Processors.Checksum;
using Cluster.Processors.IqSpectrogram;
using Cluster.Processors.Noop;
using Cluster.Processors.SpectrogramSet;
using Cluster.Processors.Nxstxm;

namespace Cluster.Processors;

/// <summary>Every job kind this build runs.</summary>
public static class ProcessorKinds
{
    public static JobKindCatalog All() => new([IqSpectrogramKind.Create(), ChecksumKind.Create(), SpectrogramSetKind.Create(), NxstxmKind.Create(), CatalogExportKind.Create(), NoopKind.Create()]);
}
