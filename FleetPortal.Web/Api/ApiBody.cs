using System.Text.Json;
using FleetPortal.Web.Services.Failures;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace FleetPortal.Web.Api;

/// <summary>
/// Reads a request's JSON body so that malformed JSON or a value of the wrong type is refused like
/// any other bad input: a 400 naming the field (its JSON path) and what is wrong.
/// </summary>
internal static class ApiBody
{
    public static async Task<T> ReadAsync<T>(HttpContext http)
        where T : class =>
        await ReadOptionalAsync<T>(http) ?? throw new InvalidInputFailure("body", "A JSON body is required.");

    /// <summary>The body, or null when the request has none.</summary>
    public static async Task<T?> ReadOptionalAsync<T>(HttpContext http)
        where T : class
    {
        var request = http.Request;
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return null;
        }

        if (!request.HasJsonContentType())
        {
            throw new InvalidInputFailure("body", "Send the body as JSON, with Content-Type: application/json.");
        }

        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            return await request.ReadFromJsonAsync<T>(options, http.RequestAborted);
        }
        catch (JsonException exception)
        {
            var field = exception.Path is { Length: > 2 } path ? path[2..] : "body";
            throw new InvalidInputFailure(field, $"Not valid here: {FirstSentence(exception.Message)}");
        }
    }

    // System.Text.Json appends the path and byte position, which the field name already says.
    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
