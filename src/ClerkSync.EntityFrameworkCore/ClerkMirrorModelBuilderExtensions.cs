using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text;
using ClerkSync.EntityFrameworkCore;
using ClerkSync.Mirror.Schema;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Maps ClerkSync's mirror tables (issue #11) into an application's EF Core model.</summary>
public static class ClerkMirrorModelBuilderExtensions
{
    // Times are unix milliseconds in bigint/INTEGER columns (docs/schema.md): read as DateTimeOffset (UTC). The
    // conversion keeps order, so comparisons and ORDER BY in LINQ translate to the same on the stored numbers.
    private static readonly ValueConverter<DateTimeOffset, long> UnixMilliseconds = new(
        v => v.ToUnixTimeMilliseconds(),
        v => DateTimeOffset.FromUnixTimeMilliseconds(v));

    // What EF Core's ModelBuilder.Entity<T>() reads of an entity type by reflection.
    private const DynamicallyAccessedMemberTypes EntityMembers =
        DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.NonPublicConstructors |
        DynamicallyAccessedMemberTypes.PublicFields | DynamicallyAccessedMemberTypes.NonPublicFields |
        DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.NonPublicProperties |
        DynamicallyAccessedMemberTypes.Interfaces;

    private static readonly Dictionary<string, MirrorColumnType> Bookkeeping = new(StringComparer.Ordinal)
    {
        [MirrorColumns.Id] = MirrorColumnType.Text,
        [MirrorColumns.Data] = MirrorColumnType.Json,
        [MirrorColumns.Version] = MirrorColumnType.Int64,
        [MirrorColumns.LastWebhookId] = MirrorColumnType.Text,
        [MirrorColumns.Stub] = MirrorColumnType.Boolean,
        [MirrorColumns.DeletedAt] = MirrorColumnType.Int64,
        [MirrorColumns.DeletedWebhookId] = MirrorColumnType.Text,
    };

    /// <summary>
    /// Maps the fifteen <c>clerk_*</c> mirror tables as read-only entities (<see cref="ClerkUser"/>,
    /// <see cref="ClerkOrganization"/>, ...) with their navigations, onto the tables ClerkSync creates, for the SQLite and
    /// PostgreSQL providers. The tables are excluded from your migrations: ClerkSync creates and migrates them.
    /// </summary>
    /// <param name="modelBuilder">The model builder of your context's <c>OnModelCreating</c>.</param>
    /// <returns>The model builder.</returns>
    /// <remarks>
    /// Writes are refused: see <c>UseEntityFrameworkCore&lt;TContext&gt;()</c> and docs/efcore.md. Deleted rows stay as
    /// tombstones; query <c>db.Set&lt;ClerkUser&gt;().Live()</c> for live rows.
    /// </remarks>
    public static ModelBuilder MapClerkMirror(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        // jsonb on PostgreSQL (queryable with EF.Functions.JsonContains and raw SQL), TEXT on SQLite. The Npgsql provider's
        // conventions annotate the model before OnModelCreating; SQLite's add nothing with that prefix.
        var postgres = modelBuilder.Model.GetAnnotations().Any(a => a.Name.StartsWith("Npgsql:", StringComparison.Ordinal));

        Map<ClerkUser>(modelBuilder, MirrorCatalog.UsersTable, postgres);
        Map<ClerkUserEmailAddress>(modelBuilder, MirrorCatalog.UserEmailAddressesTable, postgres)
            .HasOne(e => e.User).WithMany(u => u.EmailAddresses).HasForeignKey(e => e.UserId).IsRequired(false).OnDelete(DeleteBehavior.ClientNoAction);
        Map<ClerkUserPhoneNumber>(modelBuilder, MirrorCatalog.UserPhoneNumbersTable, postgres)
            .HasOne(e => e.User).WithMany(u => u.PhoneNumbers).HasForeignKey(e => e.UserId).IsRequired(false).OnDelete(DeleteBehavior.ClientNoAction);
        Map<ClerkUserExternalAccount>(modelBuilder, MirrorCatalog.UserExternalAccountsTable, postgres)
            .HasOne(e => e.User).WithMany(u => u.ExternalAccounts).HasForeignKey(e => e.UserId).IsRequired(false).OnDelete(DeleteBehavior.ClientNoAction);
        Map<ClerkOrganization>(modelBuilder, MirrorCatalog.OrganizationsTable, postgres);
        var memberships = Map<ClerkOrganizationMembership>(modelBuilder, MirrorCatalog.OrganizationMembershipsTable, postgres);
        memberships.HasOne(e => e.Organization).WithMany(o => o.Memberships).HasForeignKey(e => e.OrganizationId).IsRequired(false).OnDelete(DeleteBehavior.ClientNoAction);
        memberships.HasOne(e => e.User).WithMany(u => u.Memberships).HasForeignKey(e => e.UserId).IsRequired(false).OnDelete(DeleteBehavior.ClientNoAction);
        Map<ClerkOrganizationInvitation>(modelBuilder, MirrorCatalog.OrganizationInvitationsTable, postgres)
            .HasOne(e => e.Organization).WithMany(o => o.Invitations).HasForeignKey(e => e.OrganizationId).IsRequired(false).OnDelete(DeleteBehavior.ClientNoAction);
        Map<ClerkOrganizationDomain>(modelBuilder, MirrorCatalog.OrganizationDomainsTable, postgres)
            .HasOne(e => e.Organization).WithMany(o => o.Domains).HasForeignKey(e => e.OrganizationId).IsRequired(false).OnDelete(DeleteBehavior.ClientNoAction);
        Map<ClerkRole>(modelBuilder, MirrorCatalog.RolesTable, postgres);
        Map<ClerkPermission>(modelBuilder, MirrorCatalog.PermissionsTable, postgres);
        Map<ClerkSession>(modelBuilder, MirrorCatalog.SessionsTable, postgres);
        Map<ClerkWaitlistEntry>(modelBuilder, MirrorCatalog.WaitlistEntriesTable, postgres);
        Map<ClerkSubscription>(modelBuilder, MirrorCatalog.SubscriptionsTable, postgres);
        Map<ClerkSubscriptionItem>(modelBuilder, MirrorCatalog.SubscriptionItemsTable, postgres)
            .HasOne(e => e.Subscription).WithMany(s => s.Items).HasForeignKey(e => e.SubscriptionId).IsRequired(false).OnDelete(DeleteBehavior.ClientNoAction);
        Map<ClerkPaymentAttempt>(modelBuilder, MirrorCatalog.PaymentAttemptsTable, postgres);
        return modelBuilder;
    }

    /// <summary>Maps every scalar property of <typeparamref name="T"/> to the column of the same name in snake_case, checked against the catalog.</summary>
    private static EntityTypeBuilder<T> Map<[DynamicallyAccessedMembers(EntityMembers)] T>(ModelBuilder modelBuilder, MirrorTable table, bool postgres)
        where T : ClerkMirrorEntity
    {
        var entity = modelBuilder.Entity<T>();
        entity.ToTable(table.Name, t => t.ExcludeFromMigrations());
        entity.HasKey(e => e.Id);
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var type = property.PropertyType;
            if (type != typeof(string) && Nullable.GetUnderlyingType(type) is null && !type.IsValueType)
            {
                continue; // a navigation
            }

            var column = SnakeCase(property.Name);
            var columnType = table.Columns.FirstOrDefault(c => c.Name == column)?.Type
                ?? (Bookkeeping.TryGetValue(column, out var kept) ? kept : throw new InvalidOperationException(
                    $"{typeof(T).Name}.{property.Name} has no column {column} in {table.Name}: the entity and MirrorCatalog disagree."));
            var builder = entity.Property(type, property.Name).HasColumnName(column);
            if (Nullable.GetUnderlyingType(type) == typeof(DateTimeOffset))
            {
                builder.HasConversion(UnixMilliseconds);
            }

            if (columnType == MirrorColumnType.Json && postgres)
            {
                builder.HasColumnType("jsonb");
            }
        }

        return entity;
    }

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
