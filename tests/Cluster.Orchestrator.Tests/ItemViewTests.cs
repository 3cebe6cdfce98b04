using Cluster.Core.Work;
using Cluster.Orchestrator.Api;

namespace Cluster.Orchestrator.Tests;

/// <summary>The store keeps a failure's and a no_data item's reason in one column; the API tells them apart by state.</summary>
public class ItemViewTests
{
    private static readonly DateTimeOffset Finished = new(2026, 12, 6, 4, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(ItemState.Error, "boom", "boom", "boom")]
    [InlineData(ItemState.NoData, "no data in range in any row: row 0 (EES): no finite data", null, "no data in range in any row: row 0 (EES): no finite data")]
    [InlineData(ItemState.Pending, "an earlier failure", "an earlier failure", null)]
    [InlineData(ItemState.Done, null, null, null)]
    public void Reason_is_given_for_error_and_no_data_items_and_error_only_for_failures(ItemState state, string? stored, string? error, string? reason)
    {
        var view = RunViews.Item(new ItemInfo("orbit_1004", 3, state, 1, stored, null, Finished));

        Assert.Equal((error, reason), (view.Error, view.Reason));
    }
}
