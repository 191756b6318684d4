using Azure;
using Backtrace.Grains;

namespace Backtrace.Storage.AzureBlob;

/// <summary>
/// Turns "Azure Storage is not there" (no answer, or a 5xx after the SDK's own retries) into
/// <see cref="DependencyUnavailableException"/>, which crosses grain calls and tells the client to retry.
/// A 4xx answer means a bug or a conflict and is left as it is.
/// </summary>
internal static class BlobOutages
{
    public const string Dependency = "Azure Storage";

    public static async Task<T> GuardAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception exception) when (IsOutage(exception))
        {
            throw new DependencyUnavailableException(Dependency, exception.Message.Split('\n')[0]);
        }
    }

    // After its retries the SDK reports the attempts' failures together in an AggregateException.
    private static bool IsOutage(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or >= 500,
        HttpRequestException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsOutage),
        _ => false,
    };
}
