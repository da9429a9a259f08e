using System.Globalization;
using FleetPortal.Web.Services.Failures;

namespace FleetPortal.Web.Api;

/// <summary>Parses query-string parameters, refusing a bad one by name instead of with a bare 400.</summary>
internal static class ApiQuery
{
    public static int? Int(string? value, string name) =>
        string.IsNullOrEmpty(value) ? null
        : int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number
        : throw new InvalidInputFailure(name, $"'{value}' is not a whole number.");

    public static bool? Bool(string? value, string name) =>
        string.IsNullOrEmpty(value) ? null
        : bool.TryParse(value, out var flag) ? flag
        : throw new InvalidInputFailure(name, $"'{value}' is neither true nor false.");

    public static T? Enum<T>(string? value, string name)
        where T : struct, System.Enum =>
        string.IsNullOrEmpty(value) ? null
        : System.Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed) && !int.TryParse(value, out _) ? parsed
        : throw new InvalidInputFailure(name, $"'{value}' is not one of {string.Join(", ", System.Enum.GetNames<T>())}.");
}
