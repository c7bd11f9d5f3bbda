using System.Globalization;

namespace ClerkSync.AspNetCore.Dashboard;

/// <summary>Server-rendered SVG charts (issue #13): no chart library, no script, styled by classes under the CSP.</summary>
internal static class SvgChart
{
    private const int Width = 720;
    private const int Height = 180;
    private const int Left = 48;
    private const int Bottom = 22;
    private const int Top = 8;

    /// <summary>Lines of several series over the same time axis (oldest left), with a legend and a y-axis scale.</summary>
    /// <param name="html">Where to write.</param>
    /// <param name="label">The chart's accessible name.</param>
    /// <param name="series">Each series' name and values (same length).</param>
    /// <param name="startLabel">The left edge's label (<c>-60 min</c>).</param>
    public static void Lines(Html html, string label, IReadOnlyList<(string Name, long[] Values)> series, string startLabel)
    {
        var points = series.Count == 0 ? 0 : series[0].Values.Length;
        var max = Math.Max(1, series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());
        var plotWidth = Width - Left - 8;
        var plotHeight = Height - Top - Bottom;
        html.Add($"<figure class=\"chart\"><svg viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{label}\" xmlns=\"http://www.w3.org/2000/svg\">");
        html.Add($"<text class=\"axis\" x=\"{Left - 6}\" y=\"{Top + 10}\" text-anchor=\"end\">{max}</text>");
        html.Add($"<text class=\"axis\" x=\"{Left - 6}\" y=\"{Height - Bottom}\" text-anchor=\"end\">0</text>");
        html.Add($"<line class=\"grid\" x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - 8}\" y2=\"{Height - Bottom}\"/>");
        html.Add($"<line class=\"grid\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Width - 8}\" y2=\"{Top}\"/>");
        html.Add($"<text class=\"axis\" x=\"{Left}\" y=\"{Height - 6}\">{startLabel}</text>");
        html.Add($"<text class=\"axis\" x=\"{Width - 8}\" y=\"{Height - 6}\" text-anchor=\"end\">now</text>");
        for (var s = 0; s < series.Count; s++)
        {
            var values = series[s].Values;
            var coordinates = string.Join(' ', values.Select((v, i) => string.Create(
                CultureInfo.InvariantCulture,
                $"{Left + (points <= 1 ? 0 : i * (double)plotWidth / (points - 1)):0.#},{Top + plotHeight - (v * (double)plotHeight / max):0.#}")));
            html.Add($"<polyline class=\"series s{s}\" points=\"{coordinates}\"><title>{series[s].Name}: {values.Sum()} in total</title></polyline>");
        }

        html.Add($"</svg><figcaption>");
        for (var s = 0; s < series.Count; s++)
        {
            html.Add($"<span class=\"legend s{s}\">{series[s].Name} ({series[s].Values.Sum()})</span>");
        }

        html.Add($"</figcaption></figure>");
    }

    /// <summary>Horizontal bars, one per label, for counts by category (inbox depth, rejections by reason).</summary>
    public static void Bars(Html html, string label, IReadOnlyList<(string Name, long Value)> bars)
    {
        var max = Math.Max(1, bars.Select(b => b.Value).DefaultIfEmpty(0).Max());
        const int row = 22;
        var height = Math.Max(row, bars.Count * row);
        html.Add($"<figure class=\"chart bars\"><svg viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"{label}\" xmlns=\"http://www.w3.org/2000/svg\">");
        for (var i = 0; i < bars.Count; i++)
        {
            var (name, value) = bars[i];
            var width = value == 0 ? 0 : Math.Max(2, value * 520.0 / max);
            html.Add($"<text class=\"axis\" x=\"150\" y=\"{(i * row) + 15}\" text-anchor=\"end\">{name}</text>");
            html.Add($"<rect class=\"bar b-{name}\" x=\"158\" y=\"{(i * row) + 4}\" width=\"{width:0.#}\" height=\"14\"/>");
            html.Add($"<text class=\"axis\" x=\"{164 + width:0.#}\" y=\"{(i * row) + 15}\">{value}</text>");
        }

        if (bars.Count == 0)
        {
            html.Add($"<text class=\"axis\" x=\"8\" y=\"15\">none</text>");
        }

        html.Add($"</svg></figure>");
    }
}
