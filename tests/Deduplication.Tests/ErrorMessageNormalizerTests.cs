namespace Backtrace.Deduplication.Tests;

public class ErrorMessageNormalizerTests
{
    [Theory]
    [InlineData("read of 8 bytes at 0x7ffd3a10 failed", "read of <n> bytes at <hex> failed")]
    [InlineData("object 5f0c8a3e-2b1d-4c7a-9e6f-1a2b3c4d5e6f not found", "object <uuid> not found")]
    [InlineData("hash deadbeef12 mismatch", "hash <hex> mismatch")]
    [InlineData("Cannot read properties of undefined (reading 'x')", "Cannot read properties of undefined (reading 'x')")]
    [InlineData("  too \n many\t spaces ", "too many spaces")]
    public void Normalize_ReplacesVaryingValues(string input, string expected) =>
        Assert.Equal(expected, ErrorMessageNormalizer.Normalize(input));

    [Fact]
    public void Normalize_GiantMessage_IsCut() =>
        Assert.Equal(ErrorMessageNormalizer.MaxLength, ErrorMessageNormalizer.Normalize(new string('x', 1_000_000)).Length);
}
