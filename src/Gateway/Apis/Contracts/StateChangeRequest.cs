namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>The body of <c>PUT .../groups/{fingerprint}/state</c>: <c>{"state":"resolved","comment":"fixed in 2.4.2"}</c>.</summary>
public sealed record StateChangeRequest(string? State, string? Comment);
