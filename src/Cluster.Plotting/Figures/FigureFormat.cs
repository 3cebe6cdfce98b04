namespace Cluster.Plotting;

/// <summary>Output formats. SVG and PDF sizes are in px/pt with the same numbers as the PNG's pixels.</summary>
public enum FigureFormat { Png, Svg, Pdf }
