using Cluster.Core.Kinds;
using Cluster.Core.Specs;

namespace Cluster.Processors.Checksum;

public static class ChecksumKind
{
    public static IJobKind Create() => new JobKind<ChecksumParameters>(new ChecksumProcessor(), Bind);

    private static ChecksumParameters? Bind(SpecReader parameters, SpecReader outputs) =>
        new(parameters.Int("delay_ms", min: 0, max: 600_000) ?? 0, parameters.String("crash_marker"));
}
