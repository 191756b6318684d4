using static Backtrace.Deduplication.Tests.Stacks;

namespace Backtrace.Deduplication.Tests;

/// <summary>Per-project rules: skip frame, skip module, stop after, rename; in order.</summary>
public class FingerprintRuleTests
{
    [Fact]
    public void SkipFrame_DropsMatchingFunctions()
    {
        var rule = FrameRule.Create(FrameRuleAction.SkipFrame, "^log_");
        var result = Fingerprint(Crash("log_fatal", "log_write", "parse_header", "main"), rule);
        Assert.Equal(["parse_header", "main"], result.Signature);
    }

    [Fact]
    public void SkipModule_DropsFramesOfMatchingModules()
    {
        var rule = FrameRule.Create(FrameRuleAction.SkipModule, @"^libcrashwrap\.so");
        var snapshot = Crash(Frame("wrap_abort", "/opt/lib/libcrashwrap.so.1"), Frame("wrap_check", "/opt/lib/libcrashwrap.so.1"), Frame("serve"));
        Assert.Equal(["serve"], Fingerprint(snapshot, rule).Signature);
    }

    [Fact]
    public void StopAfter_KeepsTheMatchAndIgnoresOuterFrames()
    {
        var rule = FrameRule.Create(FrameRuleAction.StopAfter, "^dispatch_event$");
        var first = Fingerprint(Crash("on_click", "dispatch_event", "event_loop", "main"), rule);
        var second = Fingerprint(Crash("on_click", "dispatch_event", "other_loop", "thread_main"), rule);
        Assert.Equal(["on_click", "dispatch_event"], first.Signature);
        Assert.Equal(first.Fingerprint, second.Fingerprint);
    }

    [Fact]
    public void Rename_RewritesNamesBeforeHashing()
    {
        var rule = FrameRule.Create(FrameRuleAction.Rename, @"^handler_v\d+$", "handler");
        Assert.Equal(
            Fingerprint(Crash("handler_v1", "main"), rule).Fingerprint,
            Fingerprint(Crash("handler_v27", "main"), rule).Fingerprint);
        Assert.Equal(["handler", "main"], Fingerprint(Crash("handler_v1", "main"), rule).Signature);
    }

    [Fact]
    public void Rename_WithGroups()
    {
        var rule = FrameRule.Create(FrameRuleAction.Rename, @"^(\w+)_generated_\d+$", "$1");
        Assert.Equal(["parse", "main"], Fingerprint(Crash("parse_generated_42", "main"), rule).Signature);
    }

    [Fact]
    public void RulesApplyInOrder()
    {
        var rename = FrameRule.Create(FrameRuleAction.Rename, "^wrapper_(.*)$", "$1");
        var skip = FrameRule.Create(FrameRuleAction.SkipFrame, "^wrapper_");
        var snapshot = Crash("wrapper_read", "main");

        // Rename first: the renamed frame no longer matches the skip rule.
        Assert.Equal(["read", "main"], Fingerprint(snapshot, rename, skip).Signature);

        // Skip first: the frame is gone before the rename sees it.
        Assert.Equal(["main"], Fingerprint(snapshot, skip, rename).Signature);
    }

    [Fact]
    public void RuleThatSkipsEverything_FallsBackToUnfilteredFrames()
    {
        var result = Fingerprint(Crash("a", "b"), FrameRule.Create(FrameRuleAction.SkipFrame, "."));
        Assert.Equal(FingerprintBasis.UnfilteredFrames, result.Basis);
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("(unclosed", "not a valid regular expression")]
    [InlineData(@"(a)\1", "not allowed")]
    [InlineData("(?=lookahead)", "not allowed")]
    public void Create_RejectsBadPatternsWithAPreciseMessage(string pattern, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => FrameRule.Create(FrameRuleAction.SkipFrame, pattern));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Create_RenameWithoutReplacement_IsRejected() =>
        Assert.Contains("needs a replacement",
            Assert.Throws<ArgumentException>(() => FrameRule.Create(FrameRuleAction.Rename, "x")).Message);

    [Fact]
    public void Create_OverlongPattern_IsRejected() =>
        Assert.Contains("at most", Assert.Throws<ArgumentException>(
            () => FrameRule.Create(FrameRuleAction.SkipFrame, new string('a', FrameRule.MaxPatternLength + 1))).Message);

    [Fact]
    public void HostilePattern_RunsInLinearTime()
    {
        // Catastrophic for a backtracking engine; the non-backtracking engine answers at once.
        var rule = FrameRule.Create(FrameRuleAction.SkipFrame, "^(a+)+$");
        var result = Fingerprint(Crash(new string('a', 4000) + "!", "main"), rule);
        Assert.Equal(2, result.Signature.Count);
    }
}
