namespace Cluster.Plotting;

public enum HorizontalAnchor { Left, Center, Right }

/// <summary>Vertical anchors use the font's ascent/descent, so labels line up whatever glyphs they contain.</summary>
public enum VerticalAnchor { Top, Middle, Baseline, Bottom }

public enum FontWeight { Normal, Bold }
