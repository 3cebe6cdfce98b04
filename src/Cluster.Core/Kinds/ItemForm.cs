namespace Cluster.Core.Kinds;

/// <summary>What one item of a kind is; it decides the item's key and the input its processor receives.</summary>
public enum ItemForm
{
    /// <summary>A file: the key is its path relative to the input directory (or as listed); the input is the file.</summary>
    File,

    /// <summary>A plain key (listed), with no file behind it: key and input are the listed entry.</summary>
    Key,

    /// <summary>
    /// A named thing whose files the kind finds itself below the input directory (an orbit, a shot): the key is a
    /// listed entry or the stem of a file the glob matches (<c>ees/orbit_1002.npz</c> -> <c>orbit_1002</c>); the input
    /// is the input directory (the first input root when the spec names none).
    /// </summary>
    NameInDirectory,
}
