namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures ClerkSync after <see cref="ClerkSyncServiceCollectionExtensions.AddClerkSync(IServiceCollection)"/>: handlers and storage.</summary>
public interface IClerkSyncBuilder
{
    /// <summary>Gets the service collection.</summary>
    IServiceCollection Services { get; }
}

internal sealed class ClerkSyncBuilder(IServiceCollection services) : IClerkSyncBuilder
{
    public IServiceCollection Services { get; } = services;
}
