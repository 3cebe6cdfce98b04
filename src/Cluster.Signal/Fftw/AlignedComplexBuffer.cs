namespace Cluster.Signal.Fftw;

/// <summary>
/// Interleaved complex float32 storage from fftwf_malloc, so it has the SIMD alignment FFTW plans assume.
/// </summary>
public sealed unsafe class AlignedComplexBuffer : IDisposable
{
    private float* data;

    public AlignedComplexBuffer(int complexCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(complexCount);
        data = (float*)FftwNative.fftwf_malloc((nuint)complexCount * 2 * sizeof(float));
        if (data is null)
            throw new OutOfMemoryException($"fftwf_malloc failed for {complexCount} complex values");
        ComplexCount = complexCount;
    }

    public int ComplexCount { get; }

    /// <summary>I,Q interleaved, 2 * ComplexCount floats.</summary>
    public Span<float> Interleaved => new(Pointer, ComplexCount * 2);

    internal float* Pointer => data is not null ? data : throw new ObjectDisposedException(nameof(AlignedComplexBuffer));

    public void Dispose()
    {
        if (data is null) return;
        FftwNative.fftwf_free(data);
        data = null;
    }
}
