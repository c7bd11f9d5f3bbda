using ClerkSync.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ClerkSync.DependencyInjection;

/// <summary>
/// How storage packages plug into the runtime (issue #14). Each registers its provider under its name
/// (<see cref="AddProvider"/>, a keyed <see cref="IClerkSyncStorage"/>); <c>ClerkSync:Storage:Provider</c> picks one of
/// the registered names, whether a <c>UseX()</c> call or configuration alone set it. The runtime knows no database.
/// </summary>
internal static class ClerkSyncStorageRegistry
{
    /// <summary>Registers provider <paramref name="name"/> once, without selecting it.</summary>
    public static IClerkSyncBuilder AddProvider(IClerkSyncBuilder builder, string name, Func<IServiceProvider, IClerkSyncStorage> create)
    {
        var services = builder.Services;
        if (!services.Any(d => d.ImplementationInstance is StorageProviderName registered && registered.Name == name))
        {
            services.AddSingleton(new StorageProviderName(name));
            services.TryAddKeyedSingleton(name, (sp, _) => create(sp));
        }

        return builder;
    }

    /// <summary>Selects provider <paramref name="name"/> with <paramref name="connectionString"/>, over the configuration.</summary>
    public static IClerkSyncBuilder Select(IClerkSyncBuilder builder, string name, string connectionString)
    {
        builder.Services.Configure<ClerkSyncOptions>(o =>
        {
            o.Storage.Provider = name;
            o.Storage.ConnectionString = connectionString;
        });
        return builder;
    }

    /// <summary>Registers the selected <see cref="IClerkSyncStorage"/> and the start-up check that it exists.</summary>
    public static void AddSelection(IServiceCollection services)
    {
        services.TryAddSingleton(sp =>
        {
            var provider = sp.GetRequiredService<IOptions<ClerkSyncOptions>>().Value.Storage.Provider;
            var names = sp.GetServices<StorageProviderName>();
            return Find(provider, names) is { } name
                ? sp.GetRequiredKeyedService<IClerkSyncStorage>(name)
                : throw new OptionsValidationException(Options.DefaultName, typeof(ClerkSyncOptions), [Problem(provider, names)]);
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClerkSyncOptions>, SelectionValidator>());
    }

    /// <summary>The registered name <paramref name="provider"/> means (names are case-insensitive), or null.</summary>
    private static string? Find(string? provider, IEnumerable<StorageProviderName> registered) =>
        registered.FirstOrDefault(r => string.Equals(r.Name, provider, StringComparison.OrdinalIgnoreCase))?.Name;

    private static string Problem(string? provider, IEnumerable<StorageProviderName> registered)
    {
        var names = registered.Select(r => r.Name).ToList();
        return names.Count == 0
            ? "No ClerkSync storage is registered. Call AddClerkSync().UseSqlite(path) (package ClerkSync.Storage.Sqlite) or .UsePostgreSql(connectionString) (package ClerkSync.Storage.PostgreSql)."
            : $"ClerkSync:Storage:Provider is '{provider}', but no storage of that name is registered (registered: {string.Join(", ", names)}). Set it to one of those, or reference the storage package and call its UseX() (UseSqlite, UsePostgreSql).";
    }

    /// <summary>A registered provider's name.</summary>
    private sealed record StorageProviderName(string Name);

    /// <summary>Fails start-up, with the other option errors, when the configured provider is not registered.</summary>
    private sealed class SelectionValidator(IEnumerable<StorageProviderName> registered) : IValidateOptions<ClerkSyncOptions>
    {
        public ValidateOptionsResult Validate(string? name, ClerkSyncOptions options) =>
            Find(options.Storage.Provider, registered) is null
                ? ValidateOptionsResult.Fail(Problem(options.Storage.Provider, registered))
                : ValidateOptionsResult.Success;
    }
}
