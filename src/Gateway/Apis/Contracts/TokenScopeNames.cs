using Backtrace.Grains.Tokens;

namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>The HTTP API's names for token scopes: <c>submit</c>, <c>read</c>, <c>admin</c>.</summary>
public static class TokenScopeNames
{
    private static readonly (TokenScopes Scope, string Name)[] Names =
        [(TokenScopes.Submit, "submit"), (TokenScopes.Read, "read"), (TokenScopes.Admin, "admin")];

    public static IReadOnlyList<string> Of(TokenScopes scopes) => [.. Names.Where(n => scopes.HasFlag(n.Scope)).Select(n => n.Name)];

    public static TokenScopes? Parse(string? name) => Names.FirstOrDefault(n => n.Name == name) is { Name: not null } found ? found.Scope : null;
}
