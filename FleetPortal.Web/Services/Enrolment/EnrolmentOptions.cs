namespace FleetPortal.Web.Services.Enrolment;

/// <summary>Settings under <c>FleetPortal:Enrolment</c>.</summary>
public sealed class EnrolmentOptions
{
    public const string SectionKey = "FleetPortal:Enrolment";

    /// <summary>How long a new enrolment code can be used.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromHours(24);
}
