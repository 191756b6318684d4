using Npgsql;
using NpgsqlTypes;

namespace Backtrace.Storage.Postgres.Index;

/// <summary>Positional parameters with explicit types, so NULLs and arrays bind without guessing.</summary>
internal static class PostgresParameters
{
    public static NpgsqlCommand With(this NpgsqlCommand command, object? value, NpgsqlDbType type)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });
        return command;
    }

    public static NpgsqlCommand WithText(this NpgsqlCommand command, string? value) => command.With(value, NpgsqlDbType.Text);

    /// <summary>timestamptz takes UTC only; any offset is converted, never rejected.</summary>
    public static NpgsqlCommand WithTime(this NpgsqlCommand command, DateTimeOffset value) =>
        command.With(value.ToUniversalTime(), NpgsqlDbType.TimestampTz);
}
