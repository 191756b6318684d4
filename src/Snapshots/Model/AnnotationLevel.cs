using System.Text.Json.Serialization;

namespace Backtrace.Snapshots.Model;

[JsonConverter(typeof(JsonStringEnumConverter<AnnotationLevel>))]
public enum AnnotationLevel
{
    [JsonStringEnumMemberName("comment")] Comment,
    [JsonStringEnumMemberName("warning")] Warning,
    [JsonStringEnumMemberName("critical")] Critical,
}
