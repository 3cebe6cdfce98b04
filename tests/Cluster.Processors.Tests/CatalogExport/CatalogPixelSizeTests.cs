using System.Text.Json;
using Cluster.Processors.CatalogExport;

namespace Cluster.Processors.Tests.CatalogExport;

/// <summary>The detector pixel pitch a catalog quick-look takes from the run's metadata for equal micrometres.</summary>
public class CatalogPixelSizeTests
{
    private static (double X, double Y)? Of(string metadata) => CatalogQuickLook.PixelSize(JsonDocument.Parse(metadata).RootElement, "r1");

    [Fact]
    public void A_number_is_a_square_pitch_and_a_pair_gives_columns_then_rows()
    {
        Assert.Equal((75.0, 75.0), Of("""{"pixel_size_um": 75}"""));
        Assert.Equal((55.0, 110.0), Of("""{"pixel_size_um": [55, 110], "other": 1}"""));
        Assert.Null(Of("""{"detector": "eiger"}"""));
    }

    [Fact]
    public void A_value_that_is_not_a_positive_pitch_is_an_error_naming_the_run()
    {
        foreach (var bad in new[] { """{"pixel_size_um": 0}""", """{"pixel_size_um": "75 um"}""", """{"pixel_size_um": [1, 2, 3]}""" })
        {
            var error = Assert.Throws<ArgumentException>(() => Of(bad));
            Assert.StartsWith("run r1: metadata pixel_size_um must be a positive number or [x, y] of µm", error.Message);
        }
    }
}
