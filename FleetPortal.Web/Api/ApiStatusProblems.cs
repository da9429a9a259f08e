namespace FleetPortal.Web.Api;

/// <summary>
/// Gives every bodiless error under <c>/api</c> a problem-details body: a request body that is not
/// valid JSON (refused before any endpoint runs), an unknown path, a wrong method. Without it the
/// portal's status-code pages would answer an API client with HTML.
/// </summary>
internal static class ApiStatusProblems
{
    public static IApplicationBuilder UseApiStatusProblems(this IApplicationBuilder app) =>
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/api"),
            api => api.Use(async (context, next) =>
            {
                await next(context);
                var response = context.Response;
                if (response.HasStarted || response.StatusCode < 400 || response.ContentLength is not null || !string.IsNullOrEmpty(response.ContentType))
                {
                    return;
                }

                var result = response.StatusCode switch
                {
                    StatusCodes.Status400BadRequest => TypedResults.ValidationProblem(
                        new Dictionary<string, string[]> { ["body"] = ["The request could not be read: send a JSON body and parameters as the OpenAPI document at /openapi/v1.json describes."] },
                        title: "The request is not valid."),
                    StatusCodes.Status404NotFound => TypedResults.Problem("There is no such API endpoint; see /openapi/v1.json.", statusCode: 404, title: "Not found."),
                    _ => (IResult)TypedResults.Problem(statusCode: response.StatusCode),
                };
                await result.ExecuteAsync(context);
            }));
}
