namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>A project just created, with its first admin token (the secret is shown this once): the
/// token that created the project belongs to another project and does not reach this one.</summary>
public sealed record CreatedProjectResponse(ProjectResponse Project, IssuedTokenResponse AdminToken);
