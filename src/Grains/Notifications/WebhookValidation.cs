namespace Backtrace.Grains.Notifications;

/// <summary>The rules a webhook must follow. Its URL and secret come from an admin over HTTP: untrusted text.</summary>
internal static class WebhookValidation
{
    public const int MaxUrlLength = 2048;
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 256;

    /// <summary>Checks <paramref name="request"/> and returns its URL in canonical form.</summary>
    /// <exception cref="InvalidRequestException">The field names what is wrong (<c>url</c> or <c>secret</c>).</exception>
    public static string Validate(WebhookRequest? request)
    {
        if (request is null)
        {
            throw new InvalidRequestException("webhook", "a webhook needs a url");
        }

        if (string.IsNullOrWhiteSpace(request.Url))
        {
            throw new InvalidRequestException("url", "required: an absolute http or https URL such as https://hooks.example.com/backtrace");
        }

        if (request.Url.Length > MaxUrlLength)
        {
            throw new InvalidRequestException("url", $"at most {MaxUrlLength} characters, not {request.Url.Length}");
        }

        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || url.IsFile || url.IsUnc)
        {
            throw new InvalidRequestException("url", $"'{request.Url}' is not an absolute URL; give one such as https://hooks.example.com/backtrace");
        }

        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidRequestException("url", $"the scheme is '{url.Scheme}'; only http and https are delivered to");
        }

        if (url.HostNameType == UriHostNameType.Unknown || url.Host.Length == 0)
        {
            throw new InvalidRequestException("url", $"'{request.Url}' has no host");
        }

        // Credentials in a URL would be listed back to every admin and logged: use the signing secret instead.
        if (url.UserInfo.Length > 0)
        {
            throw new InvalidRequestException("url", "a URL with a user name or password is not accepted; authenticate the receiver with the signing secret");
        }

        if (url.Fragment.Length > 0)
        {
            throw new InvalidRequestException("url", "a URL with a fragment (#...) is not accepted: the fragment is never sent");
        }

        if (request.Secret is { } secret && (secret.Length < MinSecretLength || secret.Length > MaxSecretLength || secret.Any(c => c is < '!' or > '~')))
        {
            throw new InvalidRequestException("secret",
                $"a signing secret is {MinSecretLength} to {MaxSecretLength} printable ASCII characters without spaces, not {secret.Length} characters");
        }

        return url.AbsoluteUri;
    }
}
