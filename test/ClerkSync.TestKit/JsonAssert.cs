using System.Globalization;
using System.Text.Json;

namespace ClerkSync.TestKit;

/// <summary>Deep JSON equality: same properties (order aside), same values, numbers compared by value.</summary>
public static class JsonAssert
{
    /// <summary>Fails, naming the JSON path of the first difference, unless the two documents are JSON-equal.</summary>
    /// <param name="expected">The expected JSON.</param>
    /// <param name="actual">The actual JSON.</param>
    public static void Equal(string expected, string actual)
    {
        using var expectedDocument = JsonDocument.Parse(expected);
        using var actualDocument = JsonDocument.Parse(actual);
        Equal(expectedDocument.RootElement, actualDocument.RootElement);
    }

    /// <summary>Fails, naming the JSON path of the first difference, unless the two elements are JSON-equal.</summary>
    /// <param name="expected">The expected element.</param>
    /// <param name="actual">The actual element.</param>
    public static void Equal(JsonElement expected, JsonElement actual)
    {
        if (FirstDifference(expected, actual, "$") is { } difference)
        {
            throw new JsonAssertException("JSON differs at " + difference);
        }
    }

    /// <summary>Finds the first difference between two elements.</summary>
    /// <param name="expected">The expected element.</param>
    /// <param name="actual">The actual element.</param>
    /// <param name="path">The path of the two elements (<c>$</c> for roots).</param>
    /// <returns><see langword="null"/> when equal, otherwise the path and what differs there.</returns>
    public static string? FirstDifference(JsonElement expected, JsonElement actual, string path = "$")
    {
        if (expected.ValueKind != actual.ValueKind &&
            !(expected.ValueKind is JsonValueKind.True or JsonValueKind.False && actual.ValueKind is JsonValueKind.True or JsonValueKind.False))
        {
            return $"{path}: expected {expected.ValueKind}, got {actual.ValueKind}";
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var actualNames = actual.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                foreach (var property in expected.EnumerateObject())
                {
                    if (!actual.TryGetProperty(property.Name, out var actualValue))
                    {
                        return $"{path}.{property.Name}: missing";
                    }

                    actualNames.Remove(property.Name);
                    if (FirstDifference(property.Value, actualValue, $"{path}.{property.Name}") is { } inner)
                    {
                        return inner;
                    }
                }

                return actualNames.Count == 0 ? null : $"{path}.{actualNames.Order(StringComparer.Ordinal).First()}: unexpected property";
            case JsonValueKind.Array:
                var expectedLength = expected.GetArrayLength();
                var actualLength = actual.GetArrayLength();
                for (var i = 0; i < Math.Min(expectedLength, actualLength); i++)
                {
                    if (FirstDifference(expected[i], actual[i], $"{path}[{i}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return expectedLength == actualLength ? null : $"{path}: expected {expectedLength} items, got {actualLength}";
            case JsonValueKind.Number:
                return NumbersEqual(expected, actual) ? null : $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}";
            case JsonValueKind.String:
                return expected.GetString() == actual.GetString() ? null : $"{path}: expected {Truncate(expected.GetString())}, got {Truncate(actual.GetString())}";
            case JsonValueKind.True or JsonValueKind.False:
                return expected.GetBoolean() == actual.GetBoolean() ? null : $"{path}: expected {expected.GetBoolean()}, got {actual.GetBoolean()}";
            default:
                return null;
        }
    }

    private static string Truncate(string? value) =>
        value is null ? "null" : "\"" + (value.Length > 60 ? value[..60] + "..." : value) + "\"";

    private static bool NumbersEqual(JsonElement expected, JsonElement actual)
    {
        if (expected.TryGetInt64(out var expectedLong) && actual.TryGetInt64(out var actualLong))
        {
            return expectedLong == actualLong;
        }

        if (expected.TryGetDecimal(out var expectedDecimal) && actual.TryGetDecimal(out var actualDecimal))
        {
            return expectedDecimal == actualDecimal;
        }

        return double.Parse(expected.GetRawText(), CultureInfo.InvariantCulture) == double.Parse(actual.GetRawText(), CultureInfo.InvariantCulture);
    }
}

/// <summary>Thrown by <see cref="JsonAssert"/>; xUnit reports it as an assertion failure.</summary>
public sealed class JsonAssertException : Exception, IAssertionException
{
    /// <summary>Initializes a new instance of the <see cref="JsonAssertException"/> class.</summary>
    public JsonAssertException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JsonAssertException"/> class.</summary>
    /// <param name="message">The message.</param>
    public JsonAssertException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="JsonAssertException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public JsonAssertException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>xUnit reports an exception that implements an interface with this name as an assertion failure (by convention).</summary>
#pragma warning disable CA1040 // A marker interface is exactly what xUnit looks for.
internal interface IAssertionException;
#pragma warning restore CA1040
