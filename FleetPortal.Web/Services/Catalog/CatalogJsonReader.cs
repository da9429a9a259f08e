using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using FleetPortal.Core.Packages;

namespace FleetPortal.Web.Services.Catalog;

/// <summary>
/// Reads the output of <c>nix-env -qaP --json --meta</c> one package at a time, so a catalog of
/// the whole of nixpkgs (hundreds of megabytes) never has to sit in memory at once.
/// </summary>
public static class CatalogJsonReader
{
    // nix-env names packages after the channel it read them from; the fleet names them below pkgs.
    private static readonly string[] ChannelPrefixes = ["nixos.", "nixpkgs."];

    public static async IAsyncEnumerable<CatalogEntry> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var filled = 0;
            var finalBlock = false;
            var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            var started = false;
            var finished = false;
            var entries = new List<CatalogEntry>();
            while (!finished)
            {
                if (!finalBlock && filled < buffer.Length)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                    filled += read;
                    finalBlock = read == 0;
                }

                var consumed = Parse(buffer.AsSpan(0, filled), finalBlock, ref state, ref started, ref finished, entries);
                foreach (var entry in entries)
                {
                    yield return entry;
                }

                entries.Clear();
                if (finished)
                {
                    break;
                }

                if (finalBlock && consumed == 0)
                {
                    throw new CatalogFormatException("The file ends in the middle of the catalog: it is cut short.");
                }

                // Keep what is not parsed yet; grow the buffer when one package does not fit in it.
                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
                if (consumed == 0 && filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, larger, 0, filled);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses every complete package in the data; returns how many bytes it used.</summary>
    private static int Parse(ReadOnlySpan<byte> data, bool finalBlock, ref JsonReaderState state, ref bool started, ref bool finished, List<CatalogEntry> entries)
    {
        var reader = new Utf8JsonReader(data, finalBlock, state);
        var consumed = 0;
        try
        {
            if (!started)
            {
                if (finalBlock && data.IsEmpty)
                {
                    throw new CatalogFormatException("The file is empty.");
                }

                if (!reader.Read())
                {
                    return 0;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new CatalogFormatException("A catalog is a JSON object of packages by attribute path (the output of nix-env -qaP --json --meta).");
                }

                started = true;
                consumed = (int)reader.BytesConsumed;
                state = reader.CurrentState;
            }

            while (true)
            {
                var before = reader;
                if (!reader.Read())
                {
                    break;
                }

                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    finished = true;
                    consumed = (int)reader.BytesConsumed;
                    state = reader.CurrentState;
                    break;
                }

                var attrPath = reader.GetString()!;
                var valueStart = reader;
                if (!reader.Read() || !reader.TrySkip())
                {
                    reader = before;
                    break;
                }

                if (!valueStart.Read())
                {
                    reader = before;
                    break;
                }

                entries.Add(ToEntry(attrPath, ref valueStart));
                consumed = (int)reader.BytesConsumed;
                state = reader.CurrentState;
            }
        }
        catch (JsonException exception)
        {
            throw new CatalogFormatException($"The file is not valid JSON, or is cut short: {exception.Message}");
        }

        return consumed;
    }

    private static CatalogEntry ToEntry(string attrPath, ref Utf8JsonReader value)
    {
        if (value.TokenType != JsonTokenType.StartObject)
        {
            throw new CatalogFormatException($"The entry \"{attrPath}\" is not an object with name, version and meta.");
        }

        var package = JsonSerializer.Deserialize(ref value, CatalogJsonContext.Default.NixEnvPackage)!;
        var path = ChannelPrefixes.FirstOrDefault(p => attrPath.StartsWith(p, StringComparison.Ordinal)) is { } prefix
            ? attrPath[prefix.Length..]
            : attrPath;
        if (!NixAttrPath.TryParse(path, out var parsed, out var error))
        {
            return new CatalogEntry(attrPath, "", "", "", error);
        }

        return new CatalogEntry(
            parsed.Value,
            Truncate(package.Pname ?? package.Name ?? "", 200),
            Truncate(package.Version ?? "", 100),
            Truncate(package.Meta?.Description ?? "", 1000));
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
