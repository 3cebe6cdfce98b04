namespace Cluster.Cli;

public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    /// <summary><c>serve</c>/<c>worker</c>: a store did not answer within the start-up wait (sysexits' EX_UNAVAILABLE).</summary>
    public const int Unavailable = 69;
}
