using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClerkSync.Webhooks;

/// <summary>
/// A Clerk webhook event: the envelope shared by every event type. Parse one with <see cref="ClerkEvents.Parse"/>;
/// switch on the sealed subclass (<see cref="UserCreatedEvent"/>, ...) or on <see cref="Type"/>.
/// </summary>
/// <remarks>
/// Unknown envelope fields are kept in <see cref="ExtensionData"/>, and <see cref="RawJson"/> holds the exact bytes
/// parsed. <see cref="ToString"/> prints only the type and timestamp: payloads hold personal data.
/// </remarks>
public abstract record ClerkEvent : IWireShape
{
    private readonly long _timestamp;
    private readonly bool _timestampInSeconds;

    /// <summary>Initializes a new instance of the <see cref="ClerkEvent"/> class.</summary>
    /// <param name="type">The wire type (<c>user.created</c>, ...).</param>
    private protected ClerkEvent(string type) => Type = type;

    /// <summary>Gets the event type as sent (<c>user.created</c>, ...); see <see cref="ClerkEventTypes"/>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; }

    /// <summary>Gets the envelope's object type (always <c>event</c>).</summary>
    [JsonPropertyName("object")]
    public string? Object { get; init; }

    /// <summary>
    /// Gets the time of the event in Unix milliseconds, whichever unit was sent: a value below 10^11 is taken as
    /// seconds and multiplied by 1000. Serialising writes the value in the unit it was sent (or set) in.
    /// </summary>
    [JsonPropertyName("timestamp")]
    public required long Timestamp
    {
        get => _timestamp;
        init
        {
            // Clerk documents milliseconds but its own examples send seconds (see UnixTime). The unit sent is
            // remembered so that serialising writes the value back unchanged.
            _timestampInSeconds = value < UnixTime.SecondsThreshold;
            _timestamp = UnixTime.ToMilliseconds(value);
        }
    }

    /// <summary>Gets <see cref="Timestamp"/> as a <see cref="DateTimeOffset"/> (clamped to the representable range).</summary>
    [JsonIgnore]
    public DateTimeOffset OccurredAt => UnixTime.FromMilliseconds(Timestamp);

    /// <summary>Gets the id of the Clerk instance (<c>ins_...</c>) that sent the event.</summary>
    [JsonPropertyName("instance_id")]
    public string? InstanceId { get; init; }

    /// <summary>Gets where the change that raised the event came from.</summary>
    [JsonPropertyName("event_attributes")]
    public EventAttributes? EventAttributes { get; init; }

    /// <summary>Gets or sets the envelope fields this version does not model, as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>
    /// Gets the exact bytes this event was parsed from (empty for an event built in code; for a copy made with
    /// <c>with</c>, the bytes of the original).
    /// </summary>
    [JsonIgnore]
    public ReadOnlyMemory<byte> RawJson { get; internal set; }

    /// <inheritdoc/>
    ulong IWireShape.WireShape { get; set; }

    /// <summary>Gets the timestamp in the unit it was sent in (what serialisation writes).</summary>
    internal long WireTimestamp => _timestampInSeconds ? _timestamp / 1000 : _timestamp;

    /// <summary>Gets the payload's <c>data</c>, untyped (the parser checks that it is not null).</summary>
    internal abstract object? UntypedData { get; }

    /// <summary>Returns the event's CLR type, wire type and timestamp only (no payload values: they may be personal data).</summary>
    /// <returns>A short description.</returns>
    public sealed override string ToString() => $"{GetType().Name} {{ Type = {Type}, Timestamp = {Timestamp} }}";
}

/// <summary>A Clerk webhook event whose <c>data</c> is a <typeparamref name="TData"/>.</summary>
/// <typeparam name="TData">The data record.</typeparam>
public abstract record ClerkEvent<TData> : ClerkEvent
{
    /// <summary>Initializes a new instance of the <see cref="ClerkEvent{TData}"/> class.</summary>
    /// <param name="type">The wire type.</param>
    private protected ClerkEvent(string type)
        : base(type)
    {
    }

    /// <summary>Gets the event's payload.</summary>
    [JsonPropertyName("data")]
    public required TData Data { get; init; }

    /// <inheritdoc/>
    internal override object? UntypedData => Data;
}

/// <summary>
/// An event whose type this version does not know (Clerk adds events over time): kept with its <c>data</c> as sent,
/// never an error.
/// </summary>
public sealed record UnknownClerkEvent() : ClerkEvent<JsonElement>(string.Empty);
