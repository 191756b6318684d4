using Microsoft.Extensions.Options;

namespace Backtrace.Gateway.Ingest;

/// <summary>Checks <see cref="IngestOptions"/> at start, with messages that say how to fix each value.</summary>
public sealed class IngestOptionsValidator : IValidateOptions<IngestOptions>
{
    /// <summary>Bodies are held in one array, so no limit may exceed what an array can hold.</summary>
    private static readonly long MaxBufferBytes = Array.MaxLength;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, IngestOptions options)
    {
        var failures = new List<string>();
        const string section = IngestOptions.Section;
        if (options.MaxBodyBytes < 1024 || options.MaxBodyBytes > MaxBufferBytes)
        {
            failures.Add($"{section}:MaxBodyBytes is {options.MaxBodyBytes}; set it between 1024 and {MaxBufferBytes}");
        }

        if (options.MaxDecompressedBytes < options.MaxBodyBytes || options.MaxDecompressedBytes > MaxBufferBytes)
        {
            failures.Add($"{section}:MaxDecompressedBytes is {options.MaxDecompressedBytes}; set it between MaxBodyBytes ({options.MaxBodyBytes}) and {MaxBufferBytes}");
        }

        if (options.RateLimitPerSecond < 1)
        {
            failures.Add($"{section}:RateLimitPerSecond is {options.RateLimitPerSecond}; set it to 1 or more");
        }

        if (options.RateLimitBurst < 1)
        {
            failures.Add($"{section}:RateLimitBurst is {options.RateLimitBurst}; set it to 1 or more");
        }

        if (options.MaxAttachments is < 0 or > 1000)
        {
            failures.Add($"{section}:MaxAttachments is {options.MaxAttachments}; set it between 0 and 1000");
        }

        // No upper bound beyond the buffer's: a body larger than MaxBodyBytes never gets this far anyway.
        if (options.MaxAttachmentBytes < 1 || options.MaxAttachmentBytes > MaxBufferBytes)
        {
            failures.Add($"{section}:MaxAttachmentBytes is {options.MaxAttachmentBytes}; set it between 1 and {MaxBufferBytes}");
        }

        failures.AddRange(options.Limits.Check().Select(problem => $"{section}:Limits:{problem}"));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
