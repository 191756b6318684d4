namespace Backtrace.Gateway.Apis.Contracts;

/// <summary>The paths of the HTTP API's resources, for links in responses. Other tools rely on these
/// exact paths (the capture agent posts snapshots, the terminal UI downloads them): keep them stable.</summary>
public static class ApiPaths
{
    public const string Projects = "/api/v1/projects";

    public static string Project(string project) => $"{Projects}/{project}";

    public static string Snapshots(string project) => $"{Projects}/{project}/snapshots";

    public static string Snapshot(string project, Guid uuid) => $"{Snapshots(project)}/{uuid:D}";

    public static string Attachments(string project, Guid uuid) => $"{Snapshot(project, uuid)}/attachments";

    public static string Attachment(string project, Guid uuid, string name) => $"{Attachments(project, uuid)}/{Uri.EscapeDataString(name)}";

    public static string Groups(string project) => $"{Projects}/{project}/groups";

    public static string Group(string project, string fingerprint) => $"{Groups(project)}/{fingerprint}";
}
