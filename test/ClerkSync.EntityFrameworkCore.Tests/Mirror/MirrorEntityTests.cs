using System.CommandLine;
using System.Text.Json.Nodes;
using ClerkSync.Cli;
using ClerkSync.EntityFrameworkCore.Tests.Support;
using ClerkSync.EntityFrameworkCore.TestHost;
using ClerkSync.Mirror.Schema;
using ClerkSync.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using CliProgram = ClerkSync.Cli.Program;

namespace ClerkSync.EntityFrameworkCore.Tests.Mirror;

/// <summary>Issue #11: the entities map onto exactly the mirror tables ClerkSync creates, and read what <c>mirror show</c> shows.</summary>
public sealed class MirrorEntityTests
{
    private static readonly byte[] WithExternalAccount = System.Text.Encoding.UTF8.GetBytes("""
        {"type":"user.updated","object":"event","timestamp":1800000000000,"data":{"object":"user","id":"user_oauth","first_name":"Grace",
         "created_at":1800000000000,"updated_at":1800000000000,"email_addresses":[],"phone_numbers":[],
         "external_accounts":[{"object":"external_account","id":"eac_1","provider":"oauth_google","provider_user_id":"g-1","email_address":"grace@example.com",
           "first_name":"Grace","last_name":"Hopper","username":null,"verification":{"status":"verified"}}]}}
        """);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MapClerkMirror_EveryTableAndColumn_MappedOnceWithTheSchemasType(bool postgres)
    {
        var database = await TestDatabase.CreateAsync(postgres, "model");
        await using var db = database.OpenContext();
        var model = db.GetService<IDesignTimeModel>().Model;
        var dialect = postgres ? MirrorDialect.PostgreSql : MirrorDialect.Sqlite;
        foreach (var table in MirrorCatalog.All)
        {
            var entity = Assert.Single(model.GetEntityTypes(), e => e.GetTableName() == table.Name);
            Assert.True(entity.IsTableExcludedFromMigrations(), $"{table.Name} is in the application's migrations");
            var expected = table.Columns.Select(c => (c.Name, dialect.TypeOf(c.Type)))
                .Concat([
                    (MirrorColumns.Id, dialect.Text), (MirrorColumns.Data, dialect.Json), (MirrorColumns.Version, dialect.Int64),
                    (MirrorColumns.LastWebhookId, dialect.Text), (MirrorColumns.Stub, dialect.Boolean), (MirrorColumns.DeletedAt, dialect.Int64),
                    (MirrorColumns.DeletedWebhookId, dialect.Text)])
                .Order()
                .ToList();
            var mapped = entity.GetProperties().Select(p => (p.GetColumnName(), p.GetColumnType().ToUpperInvariant())).Order().ToList();
            Assert.Equal(expected.Select(c => (c.Item1, c.Item2.ToUpperInvariant())), mapped);
        }

        Assert.Equal(MirrorCatalog.All.Count + 1, model.GetEntityTypes().Count());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Migrations_OfAContextMappingTheMirror_CreateOnlyTheApplicationsTables(bool postgres)
    {
        var database = await TestDatabase.CreateAsync(postgres, "migrations");
        await using var db = database.OpenContext();
        var model = db.GetService<IDesignTimeModel>().Model.GetRelationalModel();
        var operations = db.GetService<IMigrationsModelDiffer>().GetDifferences(null, model);
        Assert.Equal(["app_handled"], operations.OfType<CreateTableOperation>().Select(o => o.Name));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Linq_OverEveryTable_ReturnsWhatMirrorShowShows(bool postgres)
    {
        var database = await TestDatabase.CreateAsync(postgres, "linq");
        await using (var host = await EfHost.StartAsync(database, _ => { }))
        {
            var i = 0;
            foreach (var (eventType, name) in Fixtures.All)
            {
                await host.SendAsync($"msg_fixture_{i++:D4}", Fixtures.Load(eventType, name));
            }

            await host.SendAsync(MirrorWorkload.Generate(round: 11, 300));
            await host.SendAsync("msg_external_account", WithExternalAccount);
            await host.WaitForAllDoneAsync();
        }

        await using var db = database.OpenContext();
        var compared = 0;
        foreach (var table in MirrorCatalog.All)
        {
            var entity = db.Model.GetEntityTypes().Single(e => e.GetTableName() == table.Name);
            var jsonColumns = table.Columns.Where(c => c.Type == MirrorColumnType.Json).Select(c => c.Name).Append(MirrorColumns.Data).ToHashSet();
            var rows = await Rows(db, entity.ClrType).OrderBy(r => r.Id).Take(4).ToListAsync(TestContext.Current.CancellationToken);
            foreach (var row in rows)
            {
                var shown = await MirrorShowAsync(database, table.Name, row.Id);
                foreach (var property in entity.GetProperties())
                {
                    var value = db.Entry(row).Property(property.Name).CurrentValue;
                    var stored = property.GetValueConverter() is { } converter && value is not null ? converter.ConvertToProvider(value) : value;
                    var json = stored is string text && jsonColumns.Contains(property.GetColumnName()) ? JsonNode.Parse(text) : JsonValue.Create(stored);
                    Assert.True(JsonNode.DeepEquals(shown[property.GetColumnName()], json), $"{table.Name} {row.Id} {property.GetColumnName()}: show {shown[property.GetColumnName()]?.ToJsonString()}, LINQ {json?.ToJsonString()}");
                }

                compared++;
            }
        }

        Assert.True(compared > 30, $"only {compared} rows compared");
        Assert.All(MirrorCatalog.All, t => Assert.True(Rows(db, db.Model.GetEntityTypes().Single(e => e.GetTableName() == t.Name).ClrType).Any(), $"{t.Name} has no rows"));

        // The navigations join on the same ids as the tables.
        var user = await db.Set<ClerkUser>().Include(u => u.EmailAddresses).Include(u => u.Memberships).Where(u => u.EmailAddresses.Count > 1).OrderBy(u => u.Id).FirstAsync();
        Assert.Equal(await db.Set<ClerkUserEmailAddress>().CountAsync(e => e.UserId == user.Id), user.EmailAddresses.Count);
        Assert.All(user.EmailAddresses, e => Assert.Same(user, e.User));
        var organization = await db.Set<ClerkOrganization>().Include(o => o.Memberships).ThenInclude(m => m.User).Where(o => o.Memberships.Count > 0).OrderBy(o => o.Id).FirstAsync();
        Assert.All(organization.Memberships, m => Assert.Equal(m.UserId, m.User?.Id));

        // Live() hides exactly the tombstones that mirror stats counts.
        Assert.Equal(await db.Set<ClerkUser>().CountAsync(u => u.DeletedAt == null), await db.Set<ClerkUser>().Live().CountAsync());
        Assert.True(await db.Set<ClerkUser>().CountAsync() > await db.Set<ClerkUser>().Live().CountAsync(), "the workload deletes users: some tombstones expected");
        Assert.True(await db.Set<ClerkOrganization>().CountAsync(o => o.Stub) > 0 || await db.Set<ClerkOrganization>().FromClerk().CountAsync() == await db.Set<ClerkOrganization>().CountAsync());
    }

    private static IQueryable<ClerkMirrorEntity> Rows(HostDb db, Type type) =>
        (IQueryable<ClerkMirrorEntity>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!.MakeGenericMethod(type).Invoke(db, null)!;

    private static async Task<JsonObject> MirrorShowAsync(TestDatabase database, string table, string id)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliProgram.InvokeAsync(
            CliProgram.CreateCommand(new CliContext(_ => null, TimeProvider.System)),
            ["mirror", "show", table, id, "--json", .. database.CliOptions],
            new InvocationConfiguration { Output = output, Error = error },
            TestContext.Current.CancellationToken);
        Assert.True(exitCode == 0, $"mirror show {table} {id}: exit {exitCode}: {error}");
        return JsonNode.Parse(output.ToString())!["row"]!.AsObject();
    }
}
