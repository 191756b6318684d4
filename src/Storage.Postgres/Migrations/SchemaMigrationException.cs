namespace Backtrace.Storage.Postgres.Migrations;

/// <summary>The database schema cannot be brought to what this build expects; the message says why and how to fix it.</summary>
public sealed class SchemaMigrationException : Exception
{
    public SchemaMigrationException(string message) : base(message) { }

    public SchemaMigrationException(string message, Exception innerException) : base(message, innerException) { }
}
