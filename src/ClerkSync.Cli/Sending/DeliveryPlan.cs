namespace ClerkSync.Cli.Sending;

/// <summary>One message to deliver: a fixed svix id and body; each attempt is signed afresh.</summary>
/// <param name="Sequence">The event's position in event-time order (0-based); duplicates repeat it.</param>
internal sealed record PlannedDelivery(long Sequence, string MessageId, string Type, long EventTimeMs, byte[] Body, bool IsDuplicate);

/// <summary>What to send: which templates, how many, in which order, how many duplicates, how ids are drawn.</summary>
internal sealed record DeliveryPlanOptions
{
    public required IReadOnlyList<DeliveryTemplate> Templates { get; init; }

    public required int Count { get; init; }

    /// <summary>Gets the first event's time (unix ms); event <c>n</c> is at <c>StartTimeMs + n</c>, so event time orders events.</summary>
    public required long StartTimeMs { get; init; }

    public int Seed { get; init; }

    /// <summary>Gets a value indicating whether events are delivered in random order instead of event-time order.</summary>
    public bool Shuffle { get; init; }

    /// <summary>Gets the share of messages delivered twice (the second time as a separate delivery with the same svix id).</summary>
    public double DuplicateRate { get; init; }

    /// <summary>Gets how many entities the ids are drawn from (0: every event gets its own), so that events update the same objects.</summary>
    public int IdPool { get; init; }
}

/// <summary>
/// Produces the deliveries lazily and deterministically from a seed: event <c>n</c> uses template <c>n mod T</c> (type order
/// unless shuffled), gets a fresh <c>msg_</c> id, event time <c>start + n</c> ms, and ids derived from the seed and either
/// <c>n</c> or a pool slot, consistent inside the event (a session's <c>user_id</c> is a user the same slot created).
/// </summary>
internal sealed class DeliveryPlan(DeliveryPlanOptions options)
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Gets the number of deliveries, duplicates included, once enumerated.</summary>
    public int Duplicates { get; private set; }

    public IEnumerable<PlannedDelivery> Enumerate()
    {
        var random = new Random(options.Seed);
        var salt = (ulong)random.NextInt64();
        var order = Enumerable.Range(0, options.Count).ToArray();
        if (options.Shuffle)
        {
            random.Shuffle(order);
        }

        // Duplicates go out a little later, as a Svix redelivery would: after 1 to 50 other deliveries.
        var pending = new List<(int Due, PlannedDelivery Delivery)>();
        for (var i = 0; i < order.Length; i++)
        {
            var delivery = Build(order[i], salt);
            yield return delivery;
            if (options.DuplicateRate > 0 && random.NextDouble() < options.DuplicateRate)
            {
                pending.Add((i + random.Next(1, 51), delivery with { IsDuplicate = true }));
            }

            for (var p = pending.Count - 1; p >= 0; p--)
            {
                if (pending[p].Due <= i)
                {
                    Duplicates++;
                    yield return pending[p].Delivery;
                    pending.RemoveAt(p);
                }
            }
        }

        foreach (var (_, duplicate) in pending)
        {
            Duplicates++;
            yield return duplicate;
        }
    }

    private PlannedDelivery Build(int sequence, ulong salt)
    {
        var template = options.Templates[sequence % options.Templates.Count];
        var slot = options.IdPool > 0 ? (long)(Mix(salt ^ (ulong)sequence ^ 0x5DEECE66DUL) % (ulong)options.IdPool) : sequence;
        var eventTime = options.StartTimeMs + sequence;
        var body = template.Render(eventTime, original => RandomSuffix(original, slot, salt, 27));
        return new(sequence, "msg_" + RandomSuffix("msg", sequence, salt ^ 0x9E3779B97F4A7C15UL, 27), template.Type, eventTime, body, IsDuplicate: false);
    }

    /// <summary>A base62 string derived from (name, slot, salt): the same inputs give the same id within a run.</summary>
    internal static string RandomSuffix(string name, long slot, ulong salt, int length)
    {
        var state = salt ^ Fnv1a(name) ^ Mix((ulong)slot);
        return string.Create(length, state, static (chars, seed) =>
        {
            var s = seed;
            for (var i = 0; i < chars.Length; i++)
            {
                s = Mix(s + 0x9E3779B97F4A7C15UL);
                chars[i] = Alphabet[(int)(s % (ulong)Alphabet.Length)];
            }
        });
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>SplitMix64's finaliser.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
