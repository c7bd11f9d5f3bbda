using System.Text;
using System.Text.Json;
using ClerkSync.Cli.Diagnostics;

namespace ClerkSync.Cli.Tests.Diagnostics;

public sealed class JsonRestylerTests
{
    private const string Document = "{\"a\":\"<b> & é\",\"n\":[1.50,{}],\"e\":[],\"q\":\"\\\"\"}";

    [Theory]
    [InlineData("go", "{\"a\":\"\\u003cb\\u003e \\u0026 é\",\"n\":[1.50,{}],\"e\":[],\"q\":\"\\\"\"}")]
    [InlineData("javascript", "{\"a\":\"<b> & é\",\"n\":[1.50,{}],\"e\":[],\"q\":\"\\\"\"}")]
    [InlineData("dotnet", "{\"a\":\"\\u003Cb\\u003E \\u0026 \\u00E9\",\"n\":[1.50,{}],\"e\":[],\"q\":\"\\u0022\"}")]
    [InlineData("python", "{\"a\": \"<b> & \\u00e9\", \"n\": [1.50, {}], \"e\": [], \"q\": \"\\\"\"}")]
    [InlineData("indented", "{\n  \"a\": \"<b> & é\",\n  \"n\": [\n    1.50,\n    {}\n  ],\n  \"e\": [],\n  \"q\": \"\\\"\"\n}")]
    public void Write_Style_MatchesThatSerialiser(string style, string expected)
    {
        using var json = JsonDocument.Parse(Document);

        var written = JsonRestyler.Write(json.RootElement, JsonStyle.All.Single(s => s.Name == style));

        Assert.Equal(expected, Encoding.UTF8.GetString(written));
    }

    [Fact]
    public void Write_DotNetStyle_EqualsSystemTextJsonDefault()
    {
        using var json = JsonDocument.Parse("{\"a\":\"<é>'+`\\\"\",\"b\":[true,null,3]}");

        var ours = Encoding.UTF8.GetString(JsonRestyler.Write(json.RootElement, JsonStyle.DotNet));

        Assert.Equal(JsonSerializer.Serialize(json.RootElement), ours);
    }
}
