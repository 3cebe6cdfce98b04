namespace Cluster.Hdf5;

public enum H5TypeClass { Integer, Float, String, Other }

/// <summary>What a dataset stores, as far as readers need to know: class, element size in bytes (for
/// variable-length strings the size of the pointer), signedness of integers, and the string kind.</summary>
public readonly record struct H5DataType(H5TypeClass Class, int Size, bool IsSigned, bool IsVariableLengthString);

/// <summary>How strings are stored. Variable-length strings are UTF-8 and read as <c>str</c> in h5py;
/// fixed-length strings are null-terminated, as long as the longest value, ASCII when every value is ASCII
/// (UTF-8 otherwise), and read as <c>bytes</c> in h5py.</summary>
public enum H5StringLayout { VariableLength, FixedLength }
