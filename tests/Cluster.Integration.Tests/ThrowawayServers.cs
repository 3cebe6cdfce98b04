using System.Diagnostics;
using Cluster.TestSupport;

namespace Cluster.Integration.Tests;

/// <summary>
/// Servers of a test's own, on a free loopback port, started when the test says so: a PostgreSQL cluster made with
/// initdb/pg_ctl as the postgres user (as scripts/lib/postgres.sh does) and an s3rver (installed by scripts/lib/s3.sh).
/// </summary>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _directory;

    private ThrowawayPostgres(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>initdb only: nothing listens on <see cref="Port"/> until <see cref="StartAsync"/>.</summary>
    public static async Task<ThrowawayPostgres> CreateAsync()
    {
        if (!File.Exists(Path.Combine(Bin, "pg_ctl")))
            throw new InvalidOperationException("PostgreSQL 15 is missing: run ./scripts/test (it installs postgresql-15)");
        var directory = Directory.CreateTempSubdirectory("cluster-late-pg-").FullName;
        Directory.CreateDirectory(Path.Combine(directory, "data"));
        Directory.CreateDirectory(Path.Combine(directory, "sock"));
        await RunAsync("chown", "-R", "postgres:postgres", directory);
        await AsOwnerAsync($"chmod 700 {directory}/data && {Bin}/initdb -D {directory}/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >{directory}/initdb.log 2>&1");
        return new ThrowawayPostgres(directory, FreePort.Next());
    }

    /// <summary>Starts the server; <paramref name="maxConnections"/> small enough that a test can take them all quickly.</summary>
    public Task StartAsync(int maxConnections = 100) =>
        AsOwnerAsync($"{Bin}/pg_ctl -D {_directory}/data -l {_directory}/log -o \"-k {_directory}/sock -h 127.0.0.1 -p {Port} " +
            $"-c fsync=off -c max_connections={maxConnections}\" -w start >/dev/null");

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    /// <summary>A crash-like restart: every connection is cut, the server recovers from its WAL and listens again.</summary>
    public Task RestartImmediateAsync() =>
        AsOwnerAsync($"{Bin}/pg_ctl -D {_directory}/data -l {_directory}/log -m immediate -w restart >/dev/null");

    public async ValueTask DisposeAsync()
    {
        await AsOwnerAsync($"{Bin}/pg_ctl -D {_directory}/data -m immediate stop >/dev/null 2>&1 || true");
        Directory.Delete(_directory, recursive: true);
    }

    private static Task AsOwnerAsync(string command) => RunAsync("su", "postgres", "-s", "/bin/sh", "-c", command);

    internal static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await error}");
    }
}

/// <summary>An s3rver of the test's own (the npm package scripts/lib/s3.sh installs under /tmp/cluster-test-s3).</summary>
internal sealed class ThrowawayS3 : IDisposable
{
    private static readonly string Install = Environment.GetEnvironmentVariable("CLUSTER_TEST_S3_DIR") is { Length: > 0 } dir ? dir : "/tmp/cluster-test-s3";
    private readonly TempDirectory _data = new();
    private Process? _server;

    public int Port { get; } = FreePort.Next();

    public void Start()
    {
        var s3rver = Path.Combine(Install, "node_modules", ".bin", "s3rver");
        if (!File.Exists(s3rver))
            throw new InvalidOperationException($"{s3rver} is missing: run ./scripts/test (or: source scripts/lib/s3.sh && start_test_s3)");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { s3rver, "-d", _data.Path, "-a", "127.0.0.1", "-p", Port.ToString() }) start.ArgumentList.Add(arg);
        start.Environment["NODE_OPTIONS"] = "--openssl-legacy-provider";
        _server = Process.Start(start)!;
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
    }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    /// <summary>Waits until the server answers (any HTTP answer) on its port.</summary>
    public async Task UntilListeningAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await http.GetAsync(Endpoint);
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>SIGKILL; the objects stay on disk, and <see cref="Start"/> serves them again on the same port.</summary>
    public void Stop()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            _server.WaitForExit();
        }
        _server?.Dispose();
        _server = null;
    }

    public void Dispose()
    {
        Stop();
        _data.Dispose();
    }
}
