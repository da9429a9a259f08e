namespace FleetPortal.Agent.Enrolment;

/// <summary>The portal refused the enrolment; the message is its reason.</summary>
public sealed class EnrolmentException(string message) : Exception(message);
