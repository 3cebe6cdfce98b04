using System.Text.RegularExpressions;

namespace Cluster.Signal;

/// <summary>How one I or Q component is stored.</summary>
public enum ComponentType
{
    F64,
    F32,
    I32,
    I16,
    I8,
    U32,
    U16,
    U8,
}

/// <summary>
/// The sample type of a recording in SigMF's vocabulary (<c>cf32_le</c>, <c>ri16_be</c>, <c>cu8</c>): complex or real,
/// component type, byte order. Other formats describe their samples with the same record.
/// </summary>
public sealed partial record SampleFormat(bool IsComplex, ComponentType Type, bool BigEndian)
{
    public static readonly SampleFormat Cf32 = new(true, ComponentType.F32, false);
    public static readonly SampleFormat Ci16 = new(true, ComponentType.I16, false);
    public static readonly SampleFormat Ci32 = new(true, ComponentType.I32, false);
    public static readonly SampleFormat Ci8 = new(true, ComponentType.I8, false);
    public static readonly SampleFormat Cu8 = new(true, ComponentType.U8, false);

    [GeneratedRegex("^([cr])(f64|f32|i32|i16|i8|u32|u16|u8)(?:_(le|be))?$")]
    private static partial Regex NamePattern();

    public int ComponentBytes => Type switch
    {
        ComponentType.F64 => 8,
        ComponentType.F32 or ComponentType.I32 or ComponentType.U32 => 4,
        ComponentType.I16 or ComponentType.U16 => 2,
        _ => 1,
    };

    /// <summary>Components per sample of one channel: 2 (I,Q) or 1.</summary>
    public int Components => IsComplex ? 2 : 1;

    public bool IsInteger => Type is not (ComponentType.F64 or ComponentType.F32);

    /// <summary>The SigMF name: 8-bit types carry no byte order.</summary>
    public string Name =>
        $"{(IsComplex ? 'c' : 'r')}{Type.ToString().ToLowerInvariant()}{(ComponentBytes == 1 ? "" : BigEndian ? "_be" : "_le")}";

    public override string ToString() => Name;

    /// <summary>
    /// SigMF's full-scale normalisation, the one SDR programs use: signed integers divide by 2^(bits-1), unsigned ones
    /// are centred on (2^bits-1)/2 and divided by it (rtl_sdr's cu8: (u-127.5)/127.5); floats are volts as stored.
    /// </summary>
    public (double Scale, double Offset) FullScale()
    {
        if (!IsInteger) return (1, 0);
        var bits = 8 * ComponentBytes;
        if (Type is ComponentType.I8 or ComponentType.I16 or ComponentType.I32)
            return (1 / Math.Pow(2, bits - 1), 0);
        var half = (Math.Pow(2, bits) - 1) / 2;
        return (1 / half, half);
    }

    /// <summary>
    /// Parses a SigMF datatype name. A multi-byte type without <c>_le</c>/<c>_be</c> is little-endian, as every SDR
    /// this project knows writes (SigMF itself requires the suffix; command-line names such as <c>cf32</c> omit it).
    /// </summary>
    public static SampleFormat? TryParse(string? name)
    {
        var match = NamePattern().Match(name?.Trim().ToLowerInvariant() ?? "");
        if (!match.Success) return null;
        var type = Enum.Parse<ComponentType>(match.Groups[2].Value, ignoreCase: true);
        return new SampleFormat(match.Groups[1].Value == "c", type, match.Groups[3].Value == "be");
    }

    public const string Names = "c or r, then f64, f32, i32, i16, i8, u32, u16 or u8, then _le or _be (e.g. cf32_le, ci16, cu8, ri16_be)";

    /// <summary>Parses a name or throws an <see cref="ArgumentException"/> naming <paramref name="field"/>.</summary>
    public static SampleFormat Parse(string name, string field) =>
        TryParse(name) ?? throw new ArgumentException($"{field}: unknown sample type '{name}' ({Names})");
}
