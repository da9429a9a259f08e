namespace FleetPortal.Web.Data;

/// <summary>A file of a revision that a person owns, such as configuration.nix; generated files are not stored.</summary>
public sealed class RevisionFile
{
    public int Id { get; set; }

    public int RevisionId { get; set; }

    public required string Path { get; set; }

    public required string Content { get; set; }
}
