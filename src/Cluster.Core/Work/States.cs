namespace Cluster.Core.Work;

/// <summary>Run lifecycle. Stored as snake_case text (<c>completed_with_errors</c>).</summary>
public enum RunState
{
    /// <summary>Accepted; the scheduler has not expanded its input into items yet.</summary>
    Pending,
    Running,
    Succeeded,
    CompletedWithErrors,
    Failed,
    Cancelled,
}

/// <summary>Item lifecycle. Stored as snake_case text (<c>no_data</c>).</summary>
public enum ItemState
{
    Pending,
    Leased,
    Done,
    Error,
    NoData,
    Cancelled,
}

public static class StateText
{
    public static string Text(this RunState state) => state switch
    {
        RunState.Pending => "pending",
        RunState.Running => "running",
        RunState.Succeeded => "succeeded",
        RunState.CompletedWithErrors => "completed_with_errors",
        RunState.Failed => "failed",
        RunState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static string Text(this ItemState state) => state switch
    {
        ItemState.Pending => "pending",
        ItemState.Leased => "leased",
        ItemState.Done => "done",
        ItemState.Error => "error",
        ItemState.NoData => "no_data",
        ItemState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static RunState ParseRunState(string text) =>
        Enum.GetValues<RunState>().FirstOrDefault(s => s.Text() == text, (RunState)(-1)) is var s && Enum.IsDefined(s)
            ? s
            : throw new ArgumentException($"state: unknown run state '{text}' (use {string.Join(", ", Enum.GetValues<RunState>().Select(v => v.Text()))})");

    public static ItemState ParseItemState(string text) =>
        Enum.GetValues<ItemState>().FirstOrDefault(s => s.Text() == text, (ItemState)(-1)) is var s && Enum.IsDefined(s)
            ? s
            : throw new ArgumentException($"state: unknown item state '{text}' (use {string.Join(", ", Enum.GetValues<ItemState>().Select(v => v.Text()))})");

    public static bool IsFinished(this RunState state) =>
        state is RunState.Succeeded or RunState.CompletedWithErrors or RunState.Failed or RunState.Cancelled;
}
