using FleetPortal.Web.Services.Failures;

namespace FleetPortal.Web.Api;

/// <summary>
/// The one mapping from the services' failures to HTTP: bad input 400 (problem details naming each
/// field), forbidden 403, not found 404, conflict 409. The services refuse before writing, so no
/// error response leaves anything behind.
/// </summary>
internal sealed class ApiFailures : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (FleetFailure failure)
        {
            return ToResult(failure);
        }
    }

    public static IResult ToResult(FleetFailure failure) => failure switch
    {
        InvalidInputFailure invalid => TypedResults.ValidationProblem(invalid.Errors, detail: invalid.Message, title: "The request is not valid."),
        AccessDeniedFailure => TypedResults.Problem(failure.Message, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed."),
        NotFoundFailure => TypedResults.Problem(failure.Message, statusCode: StatusCodes.Status404NotFound, title: "Not found."),
        ConflictFailure => TypedResults.Problem(failure.Message, statusCode: StatusCodes.Status409Conflict, title: "Conflict."),
        _ => TypedResults.Problem(failure.Message, statusCode: StatusCodes.Status400BadRequest),
    };
}
