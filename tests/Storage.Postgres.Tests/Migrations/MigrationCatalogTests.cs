using Backtrace.Storage.Postgres.Migrations;

namespace Backtrace.Storage.Postgres.Tests.Migrations;

public sealed class MigrationCatalogTests
{
    [Fact]
    public void All_IsNumberedFromOneWithoutGaps()
    {
        Assert.Equal(Enumerable.Range(1, MigrationCatalog.All.Count), MigrationCatalog.All.Select(m => m.Version));
        Assert.Equal(MigrationCatalog.All.Count, MigrationCatalog.LatestVersion);
    }

    [Fact]
    public void Checksum_IgnoresLineEndingsButNotContent()
    {
        var unix = new Migration(1, "x", "CREATE TABLE a ();\nCREATE TABLE b ();\n");
        var windows = new Migration(1, "x", "CREATE TABLE a ();\r\nCREATE TABLE b ();\r\n");
        var edited = new Migration(1, "x", "CREATE TABLE a ();\nCREATE TABLE c ();\n");

        Assert.Equal(unix.Checksum, windows.Checksum);
        Assert.NotEqual(unix.Checksum, edited.Checksum);
    }
}
