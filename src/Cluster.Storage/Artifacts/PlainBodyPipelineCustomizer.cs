using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3;

namespace Cluster.Storage.Artifacts;

/// <summary>
/// Makes every S3 request send its body as plain bytes instead of <c>aws-chunked</c> frames. Over plain HTTP the SDK
/// chunk-encodes payloads, and servers that do not decode the framing (s3rver, some older gateways) store the frames
/// verbatim: a silently corrupt object. The store also sets <c>UseChunkEncoding = false</c> on each PUT and part (each
/// fix alone passed the 50 MB multipart round trip with SDK 4.0.103.4); this handler is the net for every other S3
/// request in the process. It must sit before <see cref="ChecksumHandler"/> and be registered before the first client
/// is created, because pipelines are customised at construction.
/// </summary>
internal sealed class PlainBodyPipelineCustomizer : IRuntimePipelineCustomizer
{
    private static readonly Lazy<bool> Registration = new(() =>
    {
        RuntimePipelineCustomizerRegistry.Instance.Register(new PlainBodyPipelineCustomizer());
        return true;
    });

    public string UniqueName => "Cluster.Storage.PlainBody";

    /// <summary>Idempotent; call before constructing an <see cref="AmazonS3Client"/>.</summary>
    public static void EnsureRegistered() => _ = Registration.Value;

    public void Customize(Type type, RuntimePipeline pipeline)
    {
        if (typeof(AmazonS3Client).IsAssignableFrom(type))
            pipeline.AddHandlerBefore<ChecksumHandler>(new PlainBodyHandler());
    }

    private sealed class PlainBodyHandler : PipelineHandler
    {
        public override void InvokeSync(IExecutionContext executionContext)
        {
            executionContext.RequestContext.Request.UseChunkEncoding = false;
            base.InvokeSync(executionContext);
        }

        public override Task<T> InvokeAsync<T>(IExecutionContext executionContext)
        {
            executionContext.RequestContext.Request.UseChunkEncoding = false;
            return base.InvokeAsync<T>(executionContext);
        }
    }
}
