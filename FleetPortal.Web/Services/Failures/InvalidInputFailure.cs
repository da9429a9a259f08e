namespace FleetPortal.Web.Services.Failures;

/// <summary>The input is wrong: each field named, with what is wrong with it.</summary>
public sealed class InvalidInputFailure(IReadOnlyDictionary<string, string[]> errors)
    : FleetFailure(string.Join(" ", errors.SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}"))))
{
    public InvalidInputFailure(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
