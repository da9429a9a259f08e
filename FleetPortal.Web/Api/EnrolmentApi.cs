using FleetPortal.Web.Services.Enrolment;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FleetPortal.Web.Api;

/// <summary>Enrolment codes: a one-time code a new machine enrols with (<c>fleetportal-agent enroll</c>).</summary>
internal static class EnrolmentApi
{
    public static RouteGroupBuilder MapEnrolmentApi(this RouteGroupBuilder api)
    {
        api.MapPost("/hosts/{name}/enrolment-codes", CreateAsync).WithTags("Enrolment").Accepts<EnrolmentCodeRequest>("application/json")
            .WithSummary("Makes a one-time enrolment code for a host (support staff); the code is shown only in this response.");
        api.MapPost("/enrolment-codes", CreateManyAsync).WithTags("Enrolment").Accepts<EnrolmentCodeBatchRequest>("application/json")
            .WithSummary("Makes one enrolment code for each of many hostnames in one go (support staff); the codes are shown only in this response.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<CreatedEnrolmentCode>>> CreateManyAsync(HttpContext http, EnrolmentCodes codes)
    {
        var request = await ApiBody.ReadAsync<EnrolmentCodeBatchRequest>(http);
        return TypedResults.Ok(await codes.CreateManyAsync(request.HostNames, request.FamilyId, await http.ActorAsync(), http.RequestAborted));
    }

    private static async Task<Ok<CreatedEnrolmentCode>> CreateAsync(HttpContext http, EnrolmentCodes codes, string name)
    {
        var request = await ApiBody.ReadOptionalAsync<EnrolmentCodeRequest>(http);
        return TypedResults.Ok(await codes.CreateAsync(name, request?.FamilyId, await http.ActorAsync(), http.RequestAborted));
    }
}
