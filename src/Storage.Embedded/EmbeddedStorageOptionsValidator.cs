using Microsoft.Extensions.Options;

namespace Backtrace.Storage.Embedded;

/// <summary>Checks <see cref="EmbeddedStorageOptions"/> at start, with messages that say how to fix each value.</summary>
public sealed class EmbeddedStorageOptionsValidator : IValidateOptions<EmbeddedStorageOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EmbeddedStorageOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add($"{EmbeddedStorageOptions.Section}:DataDirectory is not set; set it to a writable directory");
        }

        if (options.MaxBatchSize is < 1 or > 10_000)
        {
            failures.Add($"{EmbeddedStorageOptions.Section}:MaxBatchSize is {options.MaxBatchSize}; set it between 1 and 10000");
        }

        if (options.BodySyncThreads is < 1 or > 64)
        {
            failures.Add($"{EmbeddedStorageOptions.Section}:BodySyncThreads is {options.BodySyncThreads}; set it between 1 and 64");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
