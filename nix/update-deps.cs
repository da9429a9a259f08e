// Writes the NuGet lock file of the Nix packages (see update-deps.sh) from the restore results
// (project.assets.json) of the projects Nix builds.
// Usage: dotnet run --file nix/update-deps.cs -- <output file> <project.assets.json>...
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: update-deps.cs <output file> <project.assets.json>...");
    return 2;
}

// Keyed by the package folder ("id/version", both lower case) as NuGet lays it out on disk.
var packages = new SortedDictionary<string, (string Folder, string Root)>(StringComparer.Ordinal);
foreach (var assetsFile in args[1..])
{
    if (!File.Exists(assetsFile))
    {
        Console.Error.WriteLine($"{assetsFile} does not exist: restore the project first (dotnet restore).");
        return 1;
    }

    using var assets = JsonDocument.Parse(File.ReadAllBytes(assetsFile));
    var roots = assets.RootElement.GetProperty("packageFolders").EnumerateObject().Select(f => f.Name).ToList();
    foreach (var library in assets.RootElement.GetProperty("libraries").EnumerateObject())
    {
        if (library.Value.GetProperty("type").GetString() != "package")
        {
            continue;
        }

        var folder = library.Value.GetProperty("path").GetString()!;
        var root = roots.FirstOrDefault(r => Directory.Exists(Path.Combine(r, folder)));
        if (root is null)
        {
            Console.Error.WriteLine($"{library.Name} is not in any NuGet packages folder ({string.Join(", ", roots)}): restore first.");
            return 1;
        }

        packages.TryAdd(folder, (folder, root));
    }
}

// Sorted as nuget-to-json sorts (C locale: package folder, then version folder).
var locked = new List<(string Name, string Version, string Hash)>();
foreach (var (id, version, root, folder) in packages.Values
    .Select(p => (Id: p.Folder.Split('/')[0], Version: p.Folder.Split('/')[1], p.Root, p.Folder))
    .OrderBy(p => p.Id, StringComparer.Ordinal)
    .ThenBy(p => p.Version, StringComparer.Ordinal))
{
    var directory = Path.Combine(root, folder);
    var nuspec = XDocument.Load(Path.Combine(directory, id + ".nuspec"));
    var name = nuspec.Descendants().First(e => e.Name.LocalName == "id").Value.Trim();
    var nupkg = Path.Combine(directory, $"{id}.{version}.nupkg");
    if (!File.Exists(nupkg))
    {
        Console.Error.WriteLine($"{nupkg} is missing: the package folder holds no original package to hash.");
        return 1;
    }

    // As nuget-to-json: packages from a local folder come with the SDK in nixpkgs, and a package
    // from another feed would need its own url, which cannot be learnt offline.
    using (var metadata = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, ".nupkg.metadata"))))
    {
        var source = metadata.RootElement.TryGetProperty("source", out var s) ? s.GetString() : null;
        if (source is not null && Directory.Exists(source))
        {
            continue;
        }

        if (source is not null && source != "https://api.nuget.org/v3/index.json")
        {
            Console.Error.WriteLine($"{name} {version} was restored from {source}, not nuget.org: nix/deps.json needs its \"url\"; use nixpkgs' fetch-deps for it.");
            return 1;
        }
    }

    locked.Add((name, version, "sha256-" + Convert.ToBase64String(SHA256.HashData(File.ReadAllBytes(nupkg)))));
}

// Formatted exactly as jq prints it (nuget-to-json pipes its output through `jq .`).
var text = new StringBuilder();
text.Append(locked.Count == 0 ? "[]\n" : "[\n");
for (var i = 0; i < locked.Count; i++)
{
    var (name, version, hash) = locked[i];
    text.Append("  {\n")
        .Append("    \"pname\": ").Append(JsonSerializer.Serialize(name, AppJson.Default.String)).Append(",\n")
        .Append("    \"version\": ").Append(JsonSerializer.Serialize(version, AppJson.Default.String)).Append(",\n")
        .Append("    \"hash\": \"").Append(hash).Append("\"\n")
        .Append(i == locked.Count - 1 ? "  }\n]\n" : "  },\n");
}

var output = Path.GetFullPath(args[0]);
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
File.WriteAllText(output, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
Console.Error.WriteLine($"{locked.Count} packages written to {output}");
return 0;

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class AppJson : System.Text.Json.Serialization.JsonSerializerContext;
