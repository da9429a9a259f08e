namespace FleetPortal.Web.Services.Catalog;

/// <summary>The uploaded file is not a catalog; the message says what is wrong and where.</summary>
public sealed class CatalogFormatException(string message) : Exception(message);
