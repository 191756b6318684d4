using Azure.Core;
using Azure.Storage.Blobs;

namespace Backtrace.Storage.AzureBlob;

/// <summary>Blob service clients with the retry behaviour the platform wants from storage.</summary>
public static class BlobServiceClients
{
    /// <summary>
    /// A client that gives up within a few seconds when storage does not answer (SDK default: 3 retries with
    /// back-off up to a minute, and 100 s per try). Ingest waits on these calls while a submitter waits on
    /// ingest; answering 503 soon and letting the submitter retry beats holding every request for a minute.
    /// </summary>
    public static BlobServiceClient Create(string connectionString)
    {
        var options = new BlobClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return new BlobServiceClient(connectionString, options);
    }
}
