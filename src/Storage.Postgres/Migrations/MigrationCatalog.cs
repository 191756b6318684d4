using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Backtrace.Storage.Postgres.Migrations;

/// <summary>
/// The schema steps shipped in this assembly: embedded <c>Migrations/Sql/NNNN_name.sql</c> files.
/// </summary>
public static partial class MigrationCatalog
{
    private const string ResourcePrefix = "Backtrace.Storage.Postgres.Migrations.";

    private static readonly Lazy<IReadOnlyList<Migration>> AllMigrations = new(Load);

    /// <summary>Every step, in the order they run.</summary>
    public static IReadOnlyList<Migration> All => AllMigrations.Value;

    /// <summary>The version a fully migrated database is at.</summary>
    public static int LatestVersion => All[^1].Version;

    private static IReadOnlyList<Migration> Load()
    {
        var assembly = typeof(MigrationCatalog).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal)) continue;
            var fileName = resource[ResourcePrefix.Length..];
            var match = FileNamePattern().Match(fileName);
            if (!match.Success)
            {
                throw new InvalidOperationException(
                    $"Migration file '{fileName}' must be named NNNN_description.sql (four digits, lower-case words).");
            }
            migrations.Add(new Migration(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                Read(assembly, resource)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            // Gaps or duplicates mean a lost or doubled file: the schema would differ between builds.
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException(
                    $"Migration versions must run 1, 2, 3... without gaps; found {migrations[i].Version} at position {i + 1}.");
            }
        }
        return migrations;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex FileNamePattern();
}
