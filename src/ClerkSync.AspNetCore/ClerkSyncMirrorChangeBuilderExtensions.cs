using System.Diagnostics.CodeAnalysis;
using ClerkSync.Mirror.Changes;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Mirror change handlers on the ClerkSync builder (issue #16); the work is in <see cref="MirrorChangeServiceCollectionExtensions"/>.</summary>
public static class ClerkSyncMirrorChangeBuilderExtensions
{
    /// <summary>
    /// Registers <typeparamref name="THandler"/> (scoped) to hear about every change of the mirror tables, from
    /// webhooks and from reconciliation, run by the workers at least once.
    /// </summary>
    /// <typeparam name="THandler">The handler class.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IClerkSyncBuilder AddMirrorChangeHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IClerkSyncBuilder builder)
        where THandler : class, IClerkMirrorChangeHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddClerkSyncMirrorChangeHandler<THandler>();
        return builder;
    }
}
