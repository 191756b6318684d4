using Backtrace.Snapshots.Model;

namespace Backtrace.Analysis.Lua;

/// <summary>
/// Runs Lua modules one after another, each in its own fresh sandbox. A module that completes has its
/// findings merged; one that fails or is stopped leaves only an annotation saying so, and the next
/// module runs as if nothing happened.
/// </summary>
internal static class LuaModuleRunner
{
    public static IReadOnlyList<LuaModuleReport> Run(AnalysisContext context, IEnumerable<LuaModule> modules, LuaLimits limits,
        CancellationToken cancellation)
    {
        var reports = new List<LuaModuleReport>();
        foreach (var module in modules)
        {
            var classifiersSoFar = context.Snapshot.Classifiers.Concat(context.Findings.Classifiers).Distinct().ToList();
            var annotationsSoFar = context.Snapshot.Annotations.Concat(context.Findings.Annotations).ToList();
            var api = new LuaApiState(module.Name, context.Snapshot, context.Memory, context.Space, context.Symbols, classifiersSoFar,
                annotationsSoFar, limits);
            LuaModuleReport report;
            try
            {
                using var sandbox = new LuaSandbox(limits, api, cancellation);
                report = sandbox.Run(module);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // A deployment without the Lua runtime still captures and analyses; modules just cannot run.
                report = new LuaModuleReport { Module = module.Name, Outcome = LuaModuleOutcome.Failed, Error = "the Lua runtime (liblua54) is not available: " + e.Message };
            }

            reports.Add(report);
            if (report.Outcome == LuaModuleOutcome.Completed)
            {
                Merge(api.Findings, context.Findings);
                continue;
            }

            var what = report.Outcome == LuaModuleOutcome.Stopped ? "was stopped" : "failed";
            context.Findings.Annotate(AnnotationLevel.Warning, $"Lua module {module.Name} {what}",
                $"Lua module {module.Name} ({module.Origin}) {what}: {report.Error}. Its findings were discarded; analysis went on.",
                "lua/" + module.Name);
        }

        return reports;
    }

    private static void Merge(AnalysisFindings from, AnalysisFindings into)
    {
        foreach (var classifier in from.Classifiers)
        {
            into.Classify(classifier);
        }

        into.Annotations.AddRange(from.Annotations);
        foreach (var (key, value) in from.Attributes)
        {
            into.Attributes[key] = value;
        }

        into.Frames.AddRange(from.Frames);
        if (from.Fingerprint is not null)
        {
            into.Fingerprint = from.Fingerprint;
        }
    }
}
