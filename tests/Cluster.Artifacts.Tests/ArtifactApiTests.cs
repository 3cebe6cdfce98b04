using System.CommandLine;
using System.Net;
using System.Security.Cryptography;
using Amazon.S3.Model;
using Cluster.Cli;
using Cluster.Cli.Commands.Client;
using Cluster.Core.Artifacts;
using Cluster.Core.Work;
using Cluster.Core.Working;
using Cluster.Orchestrator;
using Cluster.Processors;
using Cluster.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Cluster.Artifacts.Tests;

/// <summary>
/// A real orchestrator on Kestrel whose artifact store is the test S3 server, an in-process worker running the
/// checksum kind over three files, then the content endpoint and <c>cluster artifacts</c> / <c>cluster fetch</c>.
/// </summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class ArtifactApiTests
{
    private const string Token = "artifact-test-token";

    [Fact]
    public async Task ContentIsStreamedVerifiedOrRedirectedAndFetchWritesVerifiedFiles()
    {
        var bucket = await TestS3.NewBucketAsync();
        using var temp = new TempDirectory();
        var data = Directory.CreateDirectory(Path.Combine(temp.Path, "inputs", "data")).FullName;
        foreach (var name in new[] { "a.dat", "b.dat", "sub dir/c.dat" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(data, name))!);
            await File.WriteAllTextAsync(Path.Combine(data, name), $"contents of {name}\n");
        }
        SetAwsEnvironment();
        await using var app = OrchestratorApp.Build(new OrchestratorOptions
        {
            Store = "sqlite://" + temp.File("cluster.db"),
            Artifacts = $"s3://{bucket}/cluster",
            InputRoots = [Path.Combine(temp.Path, "inputs")],
            Tokens = [Token],
            SchedulerTickSeconds = 0.1,
            WorkerSlots = 2,
            ScratchRoot = temp.Path,
        }, ["http://127.0.0.1:0"]);
        await app.StartAsync();
        var address = new Uri(app.Urls.Single().TrimEnd('/') + "/");
        try
        {
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };
            var client = new Cluster.Client.ClusterClient(http, Token);
            await client.SubmitAsync("name: s3-run\nkind: checksum\ninput:\n  directory: data\n  glob: '**/*.dat'\n");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!(await client.GetRunAsync("s3-run")).State.IsFinished())
            {
                Assert.True(DateTime.UtcNow < deadline, "run s3-run did not finish within 60 s");
                await Task.Delay(100);
            }

            var artifacts = (await client.ListArtifactsAsync("s3-run")).Where(a => a.Item.Length > 0).OrderBy(a => a.Item).ToList();
            Assert.Equal(["a.dat", "b.dat", "sub dir/c.dat"], artifacts.Select(a => a.Item));
            var c = artifacts[2];
            Assert.Equal("runs/s3-run/sub%20dir%2Fc.dat/c.dat.sha256.json", c.StoreKey);

            // Streamed through the orchestrator (verified) by default.
            var streamed = await http.GetAsync(c.ContentPath.TrimStart('/'));
            Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
            var bytes = await streamed.Content.ReadAsByteArrayAsync();
            Assert.Equal(c.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));

            // ?redirect=true: a presigned URL on the S3 server, which serves the same bytes.
            var redirected = await http.GetAsync(c.ContentPath.TrimStart('/') + "&redirect=true");
            Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
            var location = redirected.Headers.Location!;
            Assert.Equal(TestS3.Endpoint.Authority, location.Authority);
            Assert.StartsWith($"/{bucket}/cluster/runs/s3-run/", location.AbsolutePath);
            using (var plain = new HttpClient())
                Assert.Equal(bytes, await plain.GetByteArrayAsync(location));

            // cluster artifacts: the table lists item, name, type, size and SHA-256.
            var (code, output, error) = await InvokeAsync(ArtifactsCommand.Create, "artifacts", "s3-run", "sub dir/c.dat", "--server", address.ToString());
            Assert.True(code == 0, error);
            Assert.Matches($@"sub dir/c\.dat\s+c\.dat\.sha256\.json\s+application/json\s+{c.Size}\s+{c.Sha256}", output);

            // cluster fetch: every item's artifact under DIR/<escaped item>/<name>, checked by Python's hashlib.
            var target = temp.File("fetched");
            (code, output, error) = await InvokeAsync(FetchCommand.Create, "fetch", "s3-run", "-o", target, "--server", address.ToString());
            Assert.True(code == 0, error);
            foreach (var artifact in artifacts)
            {
                var path = FetchCommand.TargetPath(target, artifact);
                Assert.Contains(path, output);
                Assert.Equal(artifact.Sha256, Python.Run("import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest())", path).Trim());
            }
            Assert.True(File.Exists(Path.Combine(target, "sub%20dir%2Fc.dat", "c.dat.sha256.json")));

            // A corrupted object: the fetch fails naming the key, and leaves no file under the final name.
            using (var raw = TestS3.RawClient())
                await raw.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = bucket, Key = "cluster/" + c.StoreKey, ContentBody = new string('x', (int)c.Size), UseChunkEncoding = false,
                });
            // --direct: the bytes come from S3 and the client's own check names the key.
            var again = temp.File("again");
            (code, _, error) = await InvokeAsync(FetchCommand.Create, "fetch", "s3-run", "sub dir/c.dat", "-o", again, "--direct", "--server", address.ToString());
            Assert.Equal(1, code);
            Assert.Contains($"artifact {c.StoreKey} is corrupt: expected sha256 {c.Sha256}", error);
            Assert.False(File.Exists(FetchCommand.TargetPath(again, c)));
            Assert.Empty(Directory.EnumerateFiles(again, "*", SearchOption.AllDirectories));
            // Through the orchestrator: it verifies while streaming and cuts the transfer short, so nothing is written either.
            (code, _, error) = await InvokeAsync(FetchCommand.Create, "fetch", "s3-run", "sub dir/c.dat", "-o", again, "--server", address.ToString());
            Assert.Equal(1, code);
            Assert.Contains($"fetching {c.StoreKey} to {FetchCommand.TargetPath(again, c)} failed", error);
            Assert.Empty(Directory.EnumerateFiles(again, "*", SearchOption.AllDirectories));

            // The orchestrator does not finish a corrupt response either: the body is cut off.
            await Assert.ThrowsAnyAsync<HttpRequestException>(async () =>
            {
                using var response = await http.GetAsync(c.ContentPath.TrimStart('/'));
                await response.Content.ReadAsByteArrayAsync();
            });
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static void SetAwsEnvironment()
    {
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL", TestS3.Endpoint.AbsoluteUri);
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", TestS3.AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", TestS3.SecretKey);
    }

    private static async Task<(int Code, string Output, string Error)> InvokeAsync(Func<Terminal, Command> create, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand { create(new Terminal(output, error)) };
        var code = await root.Parse(args).InvokeAsync();
        return (code, output.ToString(), error.ToString());
    }
}
