using FleetPortal.Web.Data;
using FleetPortal.Web.Services.Access;
using FleetPortal.Web.Services.Audit;
using FleetPortal.Web.Services.Failures;
using FleetPortal.Web.Services.Security;
using Microsoft.EntityFrameworkCore;

namespace FleetPortal.Web.Services.Tokens;

/// <summary>
/// Personal access tokens for the automation API. A token acts with its owner's roles and families;
/// it is stored as its SHA-256 hash beside its first characters, so its owner can tell tokens apart.
/// </summary>
public sealed class PersonalAccessTokens(IDbContextFactory<FleetDbContext> dbFactory, AuditLog audit, TimeProvider time)
{
    public const string TokenPrefix = "fpt";
    public const int MaxNameLength = 100;
    private const int ShownPrefixLength = 10;

    // Writing the last use at most once a minute keeps a busy script from writing on every call.
    private static readonly TimeSpan LastUseResolution = TimeSpan.FromMinutes(1);

    public async Task<CreatedAccessToken> CreateAsync(Actor actor, string name, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        var owner = RequireUser(actor);
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxNameLength)
        {
            throw new InvalidInputFailure("name", $"A token's name is required, at most {MaxNameLength} characters: say what it is for.");
        }

        if (expiresAt is { } expiry && expiry <= time.GetUtcNow())
        {
            throw new InvalidInputFailure("expiresAt", "The expiry must lie in the future.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = SecretTokens.NewToken(TokenPrefix);
        var entry = Add(db, owner, trimmed, token, expiresAt);
        audit.Record(db, actor, AuditActions.AccessTokenCreated, $"{actor.Description} created the access token \"{trimmed}\" ({entry.Prefix}…).");
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedAccessToken(token, Summary(entry));
    }

    public async Task<IReadOnlyList<AccessTokenSummary>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var owner = RequireUser(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tokens = await db.PersonalAccessTokens.AsNoTracking().Where(t => t.UserId == owner).OrderBy(t => t.Id).ToListAsync(cancellationToken);
        return tokens.Select(Summary).ToList();
    }

    public async Task RevokeAsync(Actor actor, int tokenId, CancellationToken cancellationToken = default)
    {
        var owner = RequireUser(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = await db.PersonalAccessTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == owner, cancellationToken)
            ?? throw new NotFoundFailure($"You have no access token {tokenId}.");
        if (token.RevokedAt is not null)
        {
            return;
        }

        token.RevokedAt = time.GetUtcNow();
        audit.Record(db, actor, AuditActions.AccessTokenRevoked, $"{actor.Description} revoked the access token \"{token.Name}\" ({token.Prefix}…).");
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The id of the user a token belongs to, or null when it is unknown, revoked or expired.</summary>
    public async Task<string?> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200)
        {
            return null;
        }

        var hash = SecretTokens.Hash(token);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entry = await db.PersonalAccessTokens.SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (entry is null || entry.RevokedAt is not null || (entry.ExpiresAt is { } expiry && expiry <= now))
        {
            return null;
        }

        if (entry.LastUsedAt is null || now - entry.LastUsedAt >= LastUseResolution)
        {
            entry.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return entry.UserId;
    }

    /// <summary>Stores <paramref name="token"/> (hashed) for a user; the bootstrap uses it for the configured admin token.</summary>
    internal PersonalAccessToken Add(FleetDbContext db, string userId, string name, string token, DateTimeOffset? expiresAt)
    {
        var entry = new PersonalAccessToken
        {
            UserId = userId,
            Name = name,
            TokenHash = SecretTokens.Hash(token),
            Prefix = token[..Math.Min(ShownPrefixLength, token.Length / 4)],
            CreatedAt = time.GetUtcNow(),
            ExpiresAt = expiresAt,
        };
        db.PersonalAccessTokens.Add(entry);
        return entry;
    }

    private static string RequireUser(Actor actor) =>
        actor.Kind == ActorKind.PortalUser && actor.UserId is { } id
            ? id
            : throw new AccessDeniedFailure("Only portal users have access tokens.");

    private static AccessTokenSummary Summary(PersonalAccessToken t) =>
        new(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt);
}
