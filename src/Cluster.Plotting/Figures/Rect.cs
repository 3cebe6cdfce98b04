namespace Cluster.Plotting;

/// <summary>An axis-aligned rectangle in figure units (pixels for PNG, points for SVG/PDF); y grows downwards.</summary>
public readonly record struct Rect(double X, double Y, double Width, double Height)
{
    public double Right => X + Width;
    public double Bottom => Y + Height;
    public double CenterX => X + Width / 2;
    public double CenterY => Y + Height / 2;
}
