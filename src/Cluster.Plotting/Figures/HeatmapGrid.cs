namespace Cluster.Plotting;

/// <summary>A row-major grid of linear values, <see cref="Rows"/> × <see cref="Columns"/>; NaN marks missing cells.</summary>
public sealed record HeatmapGrid
{
    public ReadOnlyMemory<float> Values { get; }
    public int Rows { get; }
    public int Columns { get; }

    public HeatmapGrid(ReadOnlyMemory<float> values, int rows, int columns)
    {
        if (rows <= 0 || columns <= 0)
            throw new ArgumentException($"grid must have at least one row and column, got {rows}x{columns}");
        if (values.Length != (long)rows * columns)
            throw new ArgumentException($"grid of {rows}x{columns} needs {(long)rows * columns} values, got {values.Length}");
        Values = values;
        Rows = rows;
        Columns = columns;
    }
}
