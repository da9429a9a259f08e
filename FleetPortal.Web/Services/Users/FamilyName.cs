namespace FleetPortal.Web.Services.Users;

public sealed record FamilyName(int Id, string Name);
