using System.Diagnostics;
using System.Text;

namespace Cluster.Integration.Tests;

/// <summary>A `cluster` CLI started as its own OS process (the build output beside the tests), with captured output.</summary>
public sealed class ClusterProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ClusterProcess(Process process)
    {
        _process = process;
    }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "cluster.dll");

    public int Id => _process.Id;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static ClusterProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        var process = new Process { StartInfo = start };
        var cluster = new ClusterProcess(process);
        process.OutputDataReceived += (_, e) => cluster.Append(e.Data);
        process.ErrorDataReceived += (_, e) => cluster.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cluster;
    }

    /// <summary>
    /// <c>cluster serve</c> on a free loopback port with no tokens: the scheduler for workers started by a test that
    /// feeds the store itself.
    /// </summary>
    public static ClusterProcess StartOrchestrator(string store, string artifacts, string inputRoot) =>
        Start(null, "serve", "--store", store, "--artifacts", artifacts, "--input-root", inputRoot,
            "--urls", $"http://127.0.0.1:{FreePort.Next()}", "--log-format", "json");

    /// <summary>Runs to completion and returns the exit code.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, params string[] args)
    {
        using var process = Start(environment, args);
        var code = await process.WaitForExitAsync(timeout);
        return (code, process.Output);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"cluster {string.Join(' ', _process.StartInfo.ArgumentList.Skip(1))} did not exit within {timeout}:\n{Output}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no chance to release leases or clean up.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    /// <summary>SIGTERM: the graceful path.</summary>
    public void Terminate() => Posix.Kill(_process.Id, Posix.Sigterm);

    public bool HasExited => _process.HasExited;

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.Dispose();
    }
}
