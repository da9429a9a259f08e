using FleetPortal.Core.Bundles;
using FleetPortal.Core.Packages;
using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Failures;

namespace FleetPortal.Web.Services.Hosts;

/// <summary>
/// Builds a host's first revision from a package list and its own files, as enrolment imports them
/// from the machine's <c>/etc/nixos</c>. Refuses invalid package names and file paths, naming each.
/// </summary>
public static class RevisionBuilder
{
    public static Revision First(IEnumerable<string> packages, IEnumerable<BundleFile> files, string createdBy, DateTimeOffset createdAt, string? summary = null)
    {
        var errors = new Dictionary<string, string[]>();
        var checkedPackages = new List<NixAttrPath>();
        var index = 0;
        foreach (var name in packages)
        {
            if (NixAttrPath.TryParse(name, out var package, out var error))
            {
                checkedPackages.Add(package);
            }
            else
            {
                errors[$"packages[{index}]"] = [error];
            }

            index++;
        }

        var content = RevisionContent.Empty();
        index = 0;
        foreach (var file in files)
        {
            if (BundlePath.Check(file.Path) is { } error)
            {
                errors[$"files[{index}].path"] = [error];
            }
            else
            {
                content.WriteFile(file.Path, file.Content);
            }

            index++;
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputFailure(errors);
        }

        foreach (var package in checkedPackages)
        {
            content.AddPackage(package);
        }

        return content.ToRevision(0, 1, createdBy, createdAt, null, summary);
    }
}
