using Microsoft.Data.Sqlite;

namespace Backtrace.Storage.Embedded.Sqlite;

/// <summary>
/// What a write operation sees while the writer runs it inside the current batch transaction: prepared
/// commands that stay compiled for the life of the writer connection.
/// </summary>
public sealed class SqliteWriteContext
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private SqliteTransaction? _transaction;

    internal SqliteWriteContext(SqliteConnection connection)
    {
        _connection = connection;
    }

    internal void Begin(SqliteTransaction transaction) => _transaction = transaction;

    /// <summary>
    /// The prepared command for <paramref name="sql"/> with its parameters set to <paramref name="parameters"/>,
    /// bound to the current transaction. Commands are cached by their text, so callers pass constant SQL.
    /// </summary>
    public SqliteCommand Command(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Transaction = _transaction;
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>Runs a statement and returns the number of rows it changed.</summary>
    public int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Command(sql, parameters).ExecuteNonQuery();

    internal void DisposeCommands()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
