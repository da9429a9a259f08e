namespace FleetPortal.Core.Protocol;

/// <param name="ChangeRequestId">The change request the portal opened.</param>
/// <param name="Message">What happens next, for the person at the desk.</param>
public sealed record DeskRequestReceipt(int ChangeRequestId, string Message);
