using Npgsql;
using NpgsqlTypes;

namespace Cluster.Storage.Postgres;

/// <summary>Positional (<c>$1</c>, <c>$2</c>, ...) parameters in the order they are added.</summary>
internal static class NpgsqlCommandParameters
{
    public static NpgsqlCommand With<T>(this NpgsqlCommand command, T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        return command;
    }

    /// <summary>Nullable values need their type spelled out: PostgreSQL cannot infer it for <c>$n IS NULL</c>.</summary>
    public static NpgsqlCommand With(this NpgsqlCommand command, object? value, NpgsqlDbType type)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });
        return command;
    }

    public static NpgsqlBatchCommand With<T>(this NpgsqlBatchCommand command, T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        return command;
    }
}
