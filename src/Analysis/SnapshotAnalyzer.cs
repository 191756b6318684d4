using System.Diagnostics;
using Backtrace.Analysis.Lua;
using Backtrace.Analysis.Memory;
using Backtrace.Analysis.Rules;
using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis;

/// <summary>
/// The analysis entry point, shared by the capture agent and the server. Runs the built-in rules and then
/// the given Lua modules on a snapshot, and applies what they found (classifiers, annotations, attributes,
/// synthetic frames, evidence memory) to it. Never throws for anything in the snapshot or a module: a rule
/// or module that fails becomes an annotation.
/// </summary>
public sealed class SnapshotAnalyzer
{
    /// <summary>Version of the built-in rules, stored in the <c>analysis.version</c> attribute of analysed snapshots.</summary>
    public const int RulesVersion = 1;

    /// <summary>Attribute that marks a snapshot the built-in rules have analysed.</summary>
    public const string VersionAttribute = "analysis.version";

    private static readonly IAnalysisRule[] Rules =
    [
        new SignalRule(),
        new FaultDirectionRule(),
        new NullDereferenceRule(),
        new StackOverflowRule(),
        new CopyConstraintRule(),
        new FreeConstraintRule(),
        new GlibcAbortRule(),
        new JemallocRule(),
        new UncaughtExceptionRule(),
        new AllocatorVictimRule(),
        new AliasRule(),
    ];

    private readonly AnalysisOptions _options;

    /// <exception cref="ArgumentOutOfRangeException">An option is invalid; the message names it.</exception>
    public SnapshotAnalyzer(AnalysisOptions? options = null)
    {
        _options = options ?? new AnalysisOptions();
        _options.Validate();
    }

    /// <summary>
    /// Analyses <paramref name="snapshot"/> in place. <paramref name="sources"/> gives the agent's live memory
    /// reader and symbol tables (the server passes none); <paramref name="modules"/> are run after the
    /// built-in rules, in order.
    /// </summary>
    public AnalysisResult Analyze(Snapshot snapshot, AnalysisSources? sources = null, IEnumerable<LuaModule>? modules = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        sources ??= AnalysisSources.None;
        var memory = new AnalysisMemory(new CapturedMemory(snapshot.Memory), sources.Memory, _options.Memory);
        var findings = new AnalysisFindings();
        var context = new AnalysisContext(snapshot, memory, sources.Symbols, findings);

        var runBuiltIn = _options.BuiltIn switch
        {
            BuiltInAnalysis.Always => true,
            BuiltInAnalysis.IfNotAnalyzed => !snapshot.Attributes.ContainsKey(VersionAttribute),
            _ => false,
        };
        var clock = Stopwatch.StartNew();
        var ruleElapsed = new Dictionary<string, TimeSpan>();
        if (runBuiltIn)
        {
            RunRules(context, ruleElapsed);
            findings.Attributes[VersionAttribute] = RulesVersion;
        }

        var builtInElapsed = clock.Elapsed;
        var reports = modules is null ? [] : LuaModuleRunner.Run(context, modules, _options.Lua, cancellation);

        findings.ApplyTo(snapshot);
        snapshot.Memory.AddRange(memory.Evidence);
        return new AnalysisResult
        {
            Findings = findings,
            BuiltInRan = runBuiltIn,
            BuiltInElapsed = builtInElapsed,
            RuleElapsed = ruleElapsed,
            Modules = reports,
            ExtraBytesRead = memory.ExtraBytesRead,
        };
    }

    private static void RunRules(AnalysisContext context, Dictionary<string, TimeSpan> elapsed)
    {
        foreach (var rule in Rules)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                rule.Run(context);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A rule bug must not cost the snapshot: say so and go on with the other rules.
                context.Findings.Annotate(AnnotationLevel.Warning, "Analysis rule failed",
                    $"Built-in rule {rule.Id} failed: {e.GetType().Name}: {e.Message}", "analysis/" + rule.Id);
            }

            elapsed[rule.Id] = Stopwatch.GetElapsedTime(start);
        }
    }
}
