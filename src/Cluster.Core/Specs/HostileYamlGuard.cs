using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Cluster.Core.Specs;

/// <summary>
/// Sits between YamlDotNet's parser and the document loader and refuses, at the event that shows it, what a job spec
/// never needs and an attacker does: aliases (nine levels of nine aliases expand to 387 million values when the tree is
/// walked: the "billion laughs") and nesting deeper than <see cref="MaxDepth"/> (each level is a recursive call in the
/// loader and in the conversion to JSON: a megabyte of <c>[</c> overflows the stack and kills the process).
/// </summary>
internal sealed class HostileYamlGuard(IParser inner) : IParser
{
    /// <summary>The deepest real spec (spectrogram-set rows: params, rows, a row, its fields) is 4; 32 leaves room.</summary>
    public const int MaxDepth = 32;

    private int _depth;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext()) return false;
        switch (inner.Current)
        {
            case AnchorAlias alias:
                throw Refuse(alias, $"aliases (*{alias.Value}) are not supported: write the value out");
            case MappingStart or SequenceStart when ++_depth > MaxDepth:
                throw Refuse(inner.Current, $"nested deeper than {MaxDepth} levels");
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
        }
        return true;
    }

    private static JobSpecException Refuse(ParsingEvent at, string message) =>
        new([new SpecError("spec", (int)at.Start.Line, message)]);
}
