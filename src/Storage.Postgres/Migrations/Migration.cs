using System.Security.Cryptography;
using System.Text;

namespace Backtrace.Storage.Postgres.Migrations;

/// <summary>One versioned, immutable step of the project's PostgreSQL schema.</summary>
/// <param name="Version">The position of the step; steps run in ascending order, each exactly once.</param>
/// <param name="Name">What the step does, from its file name (<c>0001_orleans_membership</c> gives <c>orleans_membership</c>).</param>
/// <param name="Sql">The statements of the step, run in one transaction.</param>
public sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>
    /// SHA-256 of the statements with line endings normalised. A database remembers the checksum of
    /// every step it ran, so an edited step is caught instead of silently diverging between databases.
    /// </summary>
    public string Checksum { get; } = Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));
}
