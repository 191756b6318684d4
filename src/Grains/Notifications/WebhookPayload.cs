using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Backtrace.Grains.FaultGroups;

namespace Backtrace.Grains.Notifications;

/// <summary>
/// The JSON body of a webhook notification and its signature. The body is the same for every attempt, so a
/// receiver that verifies and deduplicates by <c>id</c> sees one event however often it was retried.
/// </summary>
public static class WebhookPayload
{
    /// <summary>Media type of the body.</summary>
    public const string MediaType = "application/json";

    /// <summary>Header carrying the signature, <c>sha256=</c> and the lowercase hex HMAC-SHA256.</summary>
    public const string SignatureHeader = "X-Backtrace-Signature";

    /// <summary>Header carrying the Unix time (seconds) of the attempt, which is signed with the body.</summary>
    public const string TimestampHeader = "X-Backtrace-Timestamp";

    /// <summary>Header carrying the event kind (<c>new_group</c>, <c>regression</c>, <c>state_changed</c>).</summary>
    public const string EventHeader = "X-Backtrace-Event";

    /// <summary>Header carrying the event id, the same on every attempt.</summary>
    public const string DeliveryHeader = "X-Backtrace-Delivery";

    /// <summary>The wire name of a kind.</summary>
    public static string KindName(NotificationKind kind) => kind switch
    {
        NotificationKind.NewGroup => "new_group",
        NotificationKind.Regression => "regression",
        NotificationKind.StatusChanged => "state_changed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown notification kind"),
    };

    /// <summary>The body for <paramref name="notification"/>, UTF-8 JSON, snake_case like the HTTP API.</summary>
    public static byte[] Serialize(NotificationEvent notification)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", notification.Id);
            json.WriteString("kind", KindName(notification.Kind));
            json.WriteString("occurred_at", notification.OccurredAt);
            json.WriteString("project", notification.Project);
            json.WriteStartObject("group");
            json.WriteString("fingerprint", notification.Fingerprint);
            json.WriteString("state", StateName(notification.Status));
            if (notification.PreviousStatus is { } previous)
            {
                json.WriteString("previous_state", StateName(previous));
            }

            json.WriteNumber("count", notification.Count);
            json.WriteString("first_seen", notification.FirstSeen);
            json.WriteString("last_seen", notification.LastSeen);
            json.WriteString("top_frame", notification.TopFrame);
            json.WriteString("path", $"/api/v1/projects/{notification.Project}/groups/{notification.Fingerprint}");
            json.WriteEndObject();
            if (notification.Snapshot is { } snapshot)
            {
                json.WriteStartObject("snapshot");
                json.WriteString("uuid", snapshot);
                json.WriteString("path", $"/api/v1/projects/{notification.Project}/snapshots/{snapshot:D}");
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// <c>sha256=</c> and the hex HMAC-SHA256, keyed by <paramref name="secret"/>, of the timestamp, a dot and the body.
    /// Signing the timestamp lets a receiver refuse a replayed old notification.
    /// </summary>
    public static string Sign(string secret, long timestamp, byte[] body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed, prefix.Length);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    private static string StateName(FaultGroupStatus status) => status switch
    {
        FaultGroupStatus.InProgress => "in_progress",
        _ => status.ToString().ToLowerInvariant(),
    };
}
