using System.Text.Json;
using Cluster.Core.Work;
using Microsoft.Data.Sqlite;

namespace Cluster.Storage.Sqlite;

/// <summary>The coordination protocol: claim, heartbeat, complete, fail, release, rescue, wait.</summary>
public sealed partial class SqliteWorkStore
{
    public async Task<IReadOnlyList<ItemLease>> ClaimAsync(string workerId, int limit, CancellationToken ct = default)
    {
        TransitionArguments.RequireLimit(limit);
        var now = StoreClock.NowMicros();
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var claim = Command(connection, transaction, """
            UPDATE items SET state = 'leased', lease_owner = $worker, lease_token = lower(hex(randomblob(16))),
                lease_until = $now + 1000000 * (SELECT lease_seconds FROM runs WHERE runs.id = items.run_id),
                attempts = attempts + 1, started_at = NULL, updated_at = $now
            WHERE rowid IN (
                SELECT rowid FROM items INDEXED BY items_pending
                WHERE state = 'pending' AND not_before <= $now
                ORDER BY priority, run_id, idx
                LIMIT $limit)
            RETURNING run_id, key, idx, input, lease_token, attempts, lease_until, priority, worker_deaths > 0
            """);
        var claimed = await claim.With("$worker", workerId).With("$now", now).With("$limit", limit)
            .ReadAllAsync(r => (RunId: r.GetInt64(0), Key: r.GetString(1), Index: r.GetInt64(2), Input: r.GetString(3),
                Token: Guid.ParseExact(r.GetString(4), "N"), Attempt: r.GetInt32(5), Until: r.GetInt64(6), Priority: r.GetInt32(7),
                PreviousHolderDied: r.GetBoolean(8)), ct)
            .ConfigureAwait(false);
        var runs = new Dictionary<long, (string Name, string Kind)>();
        await using var describe = Command(connection, transaction, "SELECT name, kind FROM runs WHERE id = $id");
        var idParameter = describe.Parameters.Add("$id", SqliteType.Integer);
        foreach (var runId in claimed.Select(c => c.RunId).Distinct())
        {
            idParameter.Value = runId;
            runs[runId] = (await describe.ReadAllAsync(r => (r.GetString(0), r.GetString(1)), ct).ConfigureAwait(false)).Single();
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        // RETURNING has no order; hand the items out in claim order.
        return claimed.OrderBy(c => c.Priority).ThenBy(c => c.RunId).ThenBy(c => c.Index)
            .Select(c => new ItemLease(c.RunId, runs[c.RunId].Name, runs[c.RunId].Kind, c.Key, c.Index, c.Input, c.Token,
                c.Attempt, StoreClock.ToTime(c.Until), c.PreviousHolderDied))
            .ToList();
    }

    public async Task<IReadOnlySet<Guid>> HeartbeatAsync(string workerId, IReadOnlyCollection<Guid> tokens,
        CancellationToken ct = default)
    {
        var now = StoreClock.NowMicros();
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var alive = Command(connection, transaction, "UPDATE workers SET heartbeat_at = $now WHERE id = $worker");
        await alive.With("$now", now).With("$worker", workerId).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await using var extend = Command(connection, transaction, """
            UPDATE items SET lease_until = $now + 1000000 * (SELECT lease_seconds FROM runs WHERE runs.id = items.run_id),
                updated_at = $now
            WHERE lease_token IN (SELECT value FROM json_each($tokens)) AND state = 'leased' AND lease_owner = $worker
            RETURNING lease_token
            """);
        var held = await extend.With("$now", now).With("$worker", workerId).With("$tokens", TokensJson(tokens))
            .ReadAllAsync(r => Guid.ParseExact(r.GetString(0), "N"), ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return held.ToHashSet();
    }

    private static string TokensJson(IEnumerable<Guid> tokens) => JsonSerializer.Serialize(tokens.Select(t => t.ToString("N")));

    /// <summary>Ends the lease of <paramref name="token"/> if it is current; null when it is not (the transition is refused).</summary>
    private static async Task<(long RunId, string Key, int Attempts, string? Owner)?> EndLeaseAsync(SqliteConnection connection,
        SqliteTransaction transaction, Guid token, string assignments, Action<SqliteCommand> bind, CancellationToken ct)
    {
        await using var end = Command(connection, transaction, $"""
            UPDATE items SET {assignments}, lease_token = NULL, lease_until = NULL, updated_at = $now
            WHERE lease_token = $token AND state = 'leased'
            RETURNING run_id, key, attempts, lease_owner
            """);
        end.With("$token", token.ToString("N"));
        bind(end);
        var rows = await end.ReadAllAsync(r => (r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.NullableString(3)), ct)
            .ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<bool> CompleteAsync(Guid token, ItemState outcome, IReadOnlyList<ArtifactRecord> artifacts,
        string? note, CancellationToken ct = default) =>
        (await CompleteManyAsync([new ItemCompletion(token, outcome, artifacts, note)], ct).ConfigureAwait(false)).Contains(token);

    public async Task<IReadOnlySet<Guid>> CompleteManyAsync(IReadOnlyList<ItemCompletion> completions, CancellationToken ct = default)
    {
        foreach (var completion in completions) TransitionArguments.RequireOutcome(completion.Outcome);
        var completed = new HashSet<Guid>();
        if (completions.Count == 0) return completed;
        var now = StoreClock.NowMicros();
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var (token, outcome, artifacts, note) in completions)
        {
            var ended = await EndLeaseAsync(connection, transaction, token, "state = $state, error = $error, finished_at = $now",
                c => c.With("$state", outcome.Text()).With("$error", ErrorSummary.OfCompletion(outcome, note)).With("$now", now), ct).ConfigureAwait(false);
            if (ended is not { } item)
                continue;
            foreach (var artifact in artifacts)
                await PutArtifactAsync(connection, transaction, item.RunId, item.Key, artifact, now, ct).ConfigureAwait(false);
            var message = note is null ? outcome.Text() : $"{outcome.Text()}: {note}";
            await AppendLogAsync(connection, transaction, item.RunId, item.Key, item.Attempts, "info", message, item.Owner, now, ct)
                .ConfigureAwait(false);
            completed.Add(token);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return completed;
    }

    public async Task<bool> FailAsync(Guid token, string error, CancellationToken ct = default)
    {
        var now = StoreClock.NowMicros();
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var ended = await EndLeaseAsync(connection, transaction, token, "state = 'error', error = $error, finished_at = $now",
            c => c.With("$error", ErrorSummary.FirstLine(error)).With("$now", now), ct).ConfigureAwait(false);
        if (ended is not { } item)
            return false;
        await AppendLogAsync(connection, transaction, item.RunId, item.Key, item.Attempts, "error", error, item.Owner, now, ct)
            .ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> ReleaseAsync(Guid token, string reason, CancellationToken ct = default)
    {
        var now = StoreClock.NowMicros();
        await using (var connection = await OpenAsync(ct).ConfigureAwait(false))
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            var ended = await EndLeaseAsync(connection, transaction, token, "state = 'pending', attempts = attempts - 1, not_before = 0",
                c => c.With("$now", now), ct).ConfigureAwait(false);
            if (ended is not { } item)
                return false;
            await AppendLogAsync(connection, transaction, item.RunId, item.Key, item.Attempts + 1, "info", $"released: {reason}",
                item.Owner, now, ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        return true;
    }

    public Task<RescueResult> RescueExpiredAsync(TimeSpan backoff, CancellationToken ct = default) =>
        RescueAsync("i.lease_until < $now", null, workerDied: false,
            row => RescueBackoff.Delay(backoff, row.Attempts, Random.Shared.NextDouble() * 0.5),
            row => $"lease expired on attempt {row.Attempts} of {row.MaxAttempts} (worker {row.Owner} lost)",
            row => $"lease expired, worker {row.Owner} lost", ct);

    public Task<RescueResult> RescueLeasesOfAsync(string workerId, TimeSpan backoff, CancellationToken ct = default) =>
        RescueAsync("i.lease_owner = $owner", workerId, workerDied: true,
            _ => backoff * (1 + Random.Shared.NextDouble() * 0.5),
            row => $"worker {row.Owner} declared dead on attempt {row.Attempts} of {row.MaxAttempts}",
            row => $"worker {row.Owner} declared dead", ct);

    public async Task<bool> StartAsync(Guid token, CancellationToken ct = default)
    {
        var now = StoreClock.NowMicros();
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var start = Command(connection, null,
            "UPDATE items SET started_at = $now, updated_at = $now WHERE lease_token = $token AND state = 'leased'");
        return await start.With("$now", now).With("$token", token.ToString("N")).ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    /// <param name="HeldAttempt">The attempt the lost lease was for.</param>
    /// <param name="Attempts">The attempts spent after the rescue.</param>
    private sealed record LostLease(long RunId, string Key, int HeldAttempt, int Attempts, string? Owner, string Token, int MaxAttempts);

    /// <summary>
    /// The leased items matching <paramref name="which"/> back to pending after their delay, or to error once their
    /// attempts are spent. A worker's death (<paramref name="workerDied"/>) gives the attempt back unless the item's
    /// start was recorded, and counts one more worker death of the item.
    /// </summary>
    private async Task<RescueResult> RescueAsync(string which, string? owner, bool workerDied, Func<LostLease, TimeSpan> delay,
        Func<LostLease, string> exhaustedError, Func<LostLease, string> lostWorker, CancellationToken ct)
    {
        var now = StoreClock.NowMicros();
        int requeued = 0, failed = 0;
        await using (var connection = await OpenAsync(ct).ConfigureAwait(false))
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            await using var lost = Command(connection, transaction, $"""
                SELECT i.run_id, i.key, i.attempts, i.lease_owner, i.lease_token, r.max_attempts, i.started_at IS NOT NULL
                FROM items i JOIN runs r ON r.id = i.run_id
                WHERE i.state = 'leased' AND {which}
                """);
            var rows = await lost.With("$now", now).With("$owner", owner).ReadAllAsync(r => new LostLease(r.GetInt64(0), r.GetString(1),
                r.GetInt32(2), workerDied && !r.GetBoolean(6) ? r.GetInt32(2) - 1 : r.GetInt32(2), r.NullableString(3), r.GetString(4),
                r.GetInt32(5)), ct).ConfigureAwait(false);
            foreach (var row in rows)
            {
                var exhausted = row.Attempts >= row.MaxAttempts;
                var notBefore = now + StoreClock.Micros(delay(row));
                await using var rescue = Command(connection, transaction, exhausted
                    ? """
                      UPDATE items SET state = 'error', error = $error, finished_at = $now, attempts = $attempts,
                          worker_deaths = worker_deaths + $died, lease_token = NULL, lease_until = NULL, updated_at = $now
                      WHERE lease_token = $token AND state = 'leased'
                      """
                    : """
                      UPDATE items SET state = 'pending', not_before = $not_before, attempts = $attempts,
                          worker_deaths = worker_deaths + $died, lease_token = NULL, lease_until = NULL, updated_at = $now
                      WHERE lease_token = $token AND state = 'leased'
                      """);
                rescue.With("$token", row.Token).With("$now", now).With("$not_before", notBefore).With("$error", exhaustedError(row))
                    .With("$attempts", row.Attempts).With("$died", workerDied ? 1 : 0);
                if (await rescue.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
                    continue;
                var message = exhausted
                    ? $"{lostWorker(row)}; attempts exhausted ({row.Attempts}), item failed"
                    : $"{lostWorker(row)}; retry after {StoreClock.ToTime(notBefore):O}";
                await AppendLogAsync(connection, transaction, row.RunId, row.Key, row.HeldAttempt, "warning", message, row.Owner,
                    now, ct).ConfigureAwait(false);
                if (exhausted) failed++; else requeued++;
            }
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        return new RescueResult(requeued, failed);
    }

    public async Task<int> ExpireLeasesAsync(CancellationToken ct = default)
    {
        var now = StoreClock.NowMicros();
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var expire = Command(connection, null,
            "UPDATE items SET lease_until = $now - 1, updated_at = $now WHERE state = 'leased'");
        return await expire.With("$now", now).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<LeaseHolder>> LeaseHoldersAsync(long runId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var select = Command(connection, null, """
            SELECT i.lease_owner, count(*), max(i.lease_until), w.heartbeat_at
            FROM items i LEFT JOIN workers w ON w.id = i.lease_owner
            WHERE i.run_id = $run AND i.state = 'leased'
            GROUP BY i.lease_owner, w.heartbeat_at
            ORDER BY i.lease_owner
            """);
        return await select.With("$run", runId).ReadAllAsync(r => new LeaseHolder(r.GetString(0), r.GetInt32(1),
            StoreClock.ToTime(r.GetInt64(2)), r.IsDBNull(3) ? null : StoreClock.ToTime(r.GetInt64(3))), ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> LeaseOwnersAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var select = Command(connection, null,
            "SELECT DISTINCT lease_owner FROM items WHERE state = 'leased' AND lease_owner IS NOT NULL");
        var owners = new List<string>();
        await using var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) owners.Add(reader.GetString(0));
        return owners;
    }
}
