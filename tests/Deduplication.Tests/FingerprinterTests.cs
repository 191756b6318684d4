using Backtrace.Snapshots.Model;
using static Backtrace.Deduplication.Tests.Stacks;

namespace Backtrace.Deduplication.Tests;

public class FingerprinterTests
{
    [Fact]
    public void Version1_IsFrozen()
    {
        // Version 1's output must never change: projects pinned to it would silently regroup. This value was
        // computed when version 1 was released; a change here needs a new algorithm version instead.
        var result = Fingerprint(Crash("raise", "abort", "ns::Cache<int>::insert(int const&) [clone .isra.0]", "serve + 0x10", "main"));
        Assert.Equal(1, result.Version);
        Assert.Equal(["ns::Cache::insert", "serve", "main"], result.Signature);
        Assert.Equal(GoldenV1, result.Fingerprint);
    }

    [Fact]
    public void Fingerprint_IsLowerCaseSha256Hex() =>
        Assert.Matches("^[0-9a-f]{64}$", Of("main"));

    [Fact]
    public void Override_Sha256Hex_IsUsedAsIsLowerCased()
    {
        var snapshot = Crash("main");
        snapshot.Fingerprint = new string('A', 64);
        var result = Fingerprint(snapshot);
        Assert.Equal(new string('a', 64), result.Fingerprint);
        Assert.Equal(FingerprintBasis.Override, result.Basis);
        Assert.Equal(0, result.Version);
    }

    [Fact]
    public void Override_Text_IsHashedSoEqualTextsMeet()
    {
        Snapshot With(string fingerprint, string function)
        {
            var snapshot = Crash(function);
            snapshot.Fingerprint = fingerprint;
            return snapshot;
        }

        var first = Fingerprint(With("checkout-timeout", "a")).Fingerprint;
        Assert.Equal(first, Fingerprint(With("checkout-timeout", "b")).Fingerprint);
        Assert.NotEqual(first, Fingerprint(With("login-timeout", "a")).Fingerprint);
        Assert.Matches("^[0-9a-f]{64}$", first);
    }

    [Fact]
    public void Override_TooLong_IsRejected()
    {
        var snapshot = Crash("main");
        snapshot.Fingerprint = new string('x', Fingerprinter.MaxOverrideLength + 1);
        Assert.Throws<ArgumentException>(() => Fingerprint(snapshot));
    }

    [Fact]
    public void UnknownVersion_IsRejected() =>
        Assert.Contains("not supported", Assert.Throws<ArgumentOutOfRangeException>(
            () => Fingerprinter.Compute(Crash("main"), 99, FingerprintSettings.Default)).Message);

    [Fact]
    public void FrameCount_LimitsTheSignature()
    {
        var result = Fingerprinter.Compute(Crash("a", "b", "c", "d"), 1, new FingerprintSettings(2, []));
        Assert.Equal(["a", "b"], result.Signature);
    }

    private const string GoldenV1 = "3c0a9f343635cef9fd2923aa5d5731afd1a897dcf8f32576fffb29a19173cc0d";
}
