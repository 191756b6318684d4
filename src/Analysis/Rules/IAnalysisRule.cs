namespace Backtrace.Analysis.Rules;

/// <summary>A built-in analysis: reads the context and adds classifiers and annotations that say why.</summary>
internal interface IAnalysisRule
{
    /// <summary>Stable id, used as the annotation source <c>analysis/ID</c>.</summary>
    string Id { get; }

    void Run(AnalysisContext context);
}
