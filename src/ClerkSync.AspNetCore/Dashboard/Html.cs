using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace ClerkSync.AspNetCore.Dashboard;

/// <summary>Markup that is already safe (built by <see cref="Html"/> or a literal); written as is.</summary>
/// <param name="Value">The markup.</param>
internal readonly record struct Markup(string Value)
{
    public override string ToString() => Value;
}

/// <summary>
/// A page being written. Every interpolated value is HTML-encoded unless it is <see cref="Markup"/>, so a payload, an
/// error message or a query string can never become markup: <c>html.Add($"&lt;td&gt;{row.EventType}&lt;/td&gt;")</c>.
/// </summary>
internal sealed class Html
{
    private readonly StringBuilder _builder = new(8192);

    /// <summary>Appends literal markup with encoded holes.</summary>
    public Html Add([InterpolatedStringHandlerArgument("")] ref Handler markup)
    {
        _ = markup;
        return this;
    }

    /// <summary>Appends encoded text.</summary>
    public Html Text(string? text)
    {
        _builder.Append(HtmlEncoder.Default.Encode(text ?? string.Empty));
        return this;
    }

    /// <summary>Appends markup as is.</summary>
    public Html Raw(Markup markup)
    {
        _builder.Append(markup.Value);
        return this;
    }

    /// <summary>Gets what was written, as markup.</summary>
    public Markup ToMarkup() => new(_builder.ToString());

    public override string ToString() => _builder.ToString();

    /// <summary>Encodes the holes of an interpolated string (markup and numbers pass through; times in ISO 8601).</summary>
    [InterpolatedStringHandler]
    public readonly ref struct Handler
    {
        private readonly StringBuilder _builder;

        public Handler(int literalLength, int formattedCount, Html html)
        {
            _ = literalLength;
            _ = formattedCount;
            _builder = html._builder;
        }

        public void AppendLiteral(string literal) => _builder.Append(literal);

        public void AppendFormatted(Markup markup) => _builder.Append(markup.Value);

        public void AppendFormatted(string? text) => _builder.Append(HtmlEncoder.Default.Encode(text ?? string.Empty));

        public void AppendFormatted(int value) => _builder.Append(value.ToString(CultureInfo.InvariantCulture));

        public void AppendFormatted(long value) => _builder.Append(value.ToString(CultureInfo.InvariantCulture));

        public void AppendFormatted(double value, string? format = null) => _builder.Append(value.ToString(format, CultureInfo.InvariantCulture));

        public void AppendFormatted(DateTimeOffset value) => _builder.Append(value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }
}
