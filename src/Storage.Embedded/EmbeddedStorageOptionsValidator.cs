using Microsoft.Extensions.Options;

namespace Backtrace.Storage.Embedded;

/// <summary>Checks <see cref="EmbeddedStorageOptions"/> at start, with messages that say how to fix each value.</summary>
public sealed class EmbeddedStorageOptionsValidator : IValidateOptions<EmbeddedStorageOptions>
{
    private const long MinSegmentBytes = 64 * 1024;
    private const long MaxSegmentBytes = 64L * 1024 * 1024 * 1024;

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

        if (options.SegmentBytes is < MinSegmentBytes or > MaxSegmentBytes)
        {
            failures.Add($"{EmbeddedStorageOptions.Section}:SegmentBytes is {options.SegmentBytes}; set it between {MinSegmentBytes} (64 KiB) and {MaxSegmentBytes} (64 GiB)");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
