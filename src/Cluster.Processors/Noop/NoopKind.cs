using Cluster.Core.Kinds;
using Cluster.Core.Specs;

namespace Cluster.Processors.Noop;

public static class NoopKind
{
    public static IJobKind Create() => new JobKind<NoopParameters>(new NoopProcessor(), (_, _) => new NoopParameters());
}
