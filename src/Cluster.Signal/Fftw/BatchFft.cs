namespace Cluster.Signal.Fftw;

/// <summary>
/// A forward complex FFT of <see cref="Length"/> points applied to <see cref="Batch"/> contiguous frames at once
/// (fftwf_plan_many_dft). Plans are measured once per process and shared: only planning needs the lock,
/// executing one plan from many threads on different buffers is safe in FFTW. Wisdom is kept across processes
/// (<see cref="FftwWisdom"/>), so only the first process on a machine pays for measuring a shape.
/// </summary>
public sealed unsafe class BatchFft
{
    private static readonly object plannerLock = new();
    private static readonly Dictionary<(int Length, int Batch), BatchFft> plans = new();

    private readonly nint plan;

    private BatchFft(nint plan, int length, int batch)
    {
        this.plan = plan;
        Length = length;
        Batch = batch;
    }

    public int Length { get; }
    public int Batch { get; }

    /// <summary>The cached FFTW_MEASURE plan for this shape, created on first request.</summary>
    public static BatchFft Forward(int length, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        lock (plannerLock)
        {
            if (plans.TryGetValue((length, batch), out var cached))
                return cached;
            FftwWisdom.ImportOnce();
            var created = Plan(length, batch);
            plans.Add((length, batch), created);
            FftwWisdom.Save();
            return created;
        }
    }

    private static BatchFft Plan(int length, int batch)
    {
        // MEASURE runs trial transforms that overwrite both arrays, so it plans on scratch buffers;
        // fftwf_malloc gives them the same alignment as every buffer the plan is later executed on.
        using var scratchIn = new AlignedComplexBuffer(length * batch);
        using var scratchOut = new AlignedComplexBuffer(length * batch);
        var n = length;
        var plan = FftwNative.fftwf_plan_many_dft(1, &n, batch,
            scratchIn.Pointer, null, 1, length,
            scratchOut.Pointer, null, 1, length,
            FftwNative.Forward, FftwNative.Measure);
        if (plan == 0)
            throw new InvalidOperationException($"FFTW could not plan a {length}-point forward FFT over {batch} frames");
        return new BatchFft(plan, length, batch);
    }

    /// <summary>Unnormalised forward transform of every frame in <paramref name="input"/> into <paramref name="output"/>.</summary>
    public void Execute(AlignedComplexBuffer input, AlignedComplexBuffer output)
    {
        var needed = Length * Batch;
        if (input.ComplexCount < needed || output.ComplexCount < needed)
            throw new ArgumentException($"buffers hold {input.ComplexCount}/{output.ComplexCount} complex values, the plan needs {needed}");
        if (ReferenceEquals(input, output))
            throw new ArgumentException("the plan is out-of-place: input and output must be different buffers");
        FftwNative.fftwf_execute_dft(plan, input.Pointer, output.Pointer);
    }
}
