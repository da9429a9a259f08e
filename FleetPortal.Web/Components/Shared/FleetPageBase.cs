using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Failures;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace FleetPortal.Web.Components.Shared;

/// <summary>A page that acts for the signed-in person: every service call takes their <see cref="Actor"/>.</summary>
public abstract class FleetPageBase : ComponentBase
{
    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private ActorResolver ActorResolver { get; set; } = default!;

    /// <summary>The signed-in person; the pages' policies let no one else in.</summary>
    protected async Task<Actor> ActorAsync()
    {
        var state = await AuthenticationState;
        return await ActorResolver.ResolveAsync(state.User)
            ?? throw new AccessDeniedFailure("Sign in as a portal user to use this page.");
    }
}
