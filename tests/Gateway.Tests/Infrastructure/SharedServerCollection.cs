namespace Backtrace.Gateway.Tests.Infrastructure;

/// <summary>The test classes that share one <see cref="ServerFixture"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "shared server";
}
