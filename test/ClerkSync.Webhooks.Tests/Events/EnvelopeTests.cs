using System.Text;
using ClerkSync.TestKit;

namespace ClerkSync.Webhooks.Tests.Events;

public sealed class EnvelopeTests
{
    private static ClerkEventEnvelope Read(string json)
    {
        Assert.True(ClerkEventEnvelope.TryRead(Encoding.UTF8.GetBytes(json), out var envelope, out var error), error);
        Assert.Null(error);
        return envelope;
    }

    private static string Fail(ReadOnlySpan<byte> json)
    {
        Assert.False(ClerkEventEnvelope.TryRead(json, out var envelope, out var error));
        Assert.Equal(default, envelope);
        Assert.NotNull(error);
        return error;
    }

    [Fact]
    public void TryRead_TypeAfterData_ReadsAllFields()
    {
        var envelope = Read("""
            {"data":{"updated_at":1716883500000,"nested":{"id":"not_this","type":"nor_this"},"object":"user","id":"user_1"},
             "event_attributes":{"type":"x"},"timestamp":1716883200,"instance_id":"ins_1","type":"user.updated","object":"event"}
            """);

        Assert.Equal("user.updated", envelope.Type);
        Assert.Equal(1716883200000, envelope.Timestamp);
        Assert.Equal("user_1", envelope.DataId);
        Assert.Equal("user", envelope.DataObject);
        Assert.Equal(1716883500000, envelope.UpdatedAt);
        Assert.Equal("user:user_1", envelope.EntityKey);
    }

    [Fact]
    public void TryRead_SameFieldsInAnyOrder_SameEnvelope()
    {
        var first = Read("""{"type":"role.created","timestamp":1716883200000,"data":{"id":"role_1","object":"role","updated_at":5}}""");
        var second = Read("""{"data":{"updated_at":5,"object":"role","id":"role_1"},"timestamp":1716883200000,"type":"role.created"}""");

        Assert.Equal(first, second);
    }

    [Fact]
    public void TryRead_NoDataIdOrUpdatedAt_ReturnsNulls()
    {
        var envelope = Read("""{"type":"organizationDomain.deleted","timestamp":1716883200000,"data":{"deleted":true,"id":null,"updated_at":null}}""");

        Assert.Null(envelope.DataId);
        Assert.Null(envelope.DataObject);
        Assert.Null(envelope.UpdatedAt);
        Assert.Equal("organizationDomain:", envelope.EntityKey);
    }

    [Fact]
    public void TryRead_TypeWithoutDot_FamilyIsWholeType()
    {
        Assert.Equal("ping:p_1", Read("""{"type":"ping","timestamp":1,"data":{"id":"p_1"}}""").EntityKey);
    }

    [Fact]
    public void TryRead_UpdatedAtInSeconds_NormalisedToMilliseconds()
    {
        Assert.Equal(1716883500000, Read("""{"type":"user.updated","timestamp":1,"data":{"id":"u","updated_at":1716883500}}""").UpdatedAt);
    }

    [Fact]
    public void TryRead_OneMebibytePayload_Reads()
    {
        var body = new string('a', 1 << 20);
        var envelope = Read($$"""{"data":{"id":"ema_1","body":"{{body}}"},"type":"email.created","timestamp":1716883200}""");

        Assert.Equal("email:ema_1", envelope.EntityKey);
    }

    [Fact]
    public void TryRead_Fixture_MatchesParsedEvent()
    {
        var json = Fixtures.Load("organizationMembership.updated");

        Assert.True(ClerkEventEnvelope.TryRead(json, out var envelope, out _));
        var evt = Assert.IsType<OrganizationMembershipUpdatedEvent>(ClerkEvents.Parse(json));

        Assert.Equal(evt.Timestamp, envelope.Timestamp);
        Assert.Equal(evt.Data.Id, envelope.DataId);
        Assert.Equal(evt.Data.UpdatedAt, envelope.UpdatedAt);
    }

    [Theory]
    [InlineData("{\"type\":\"user.created\",\"timestamp\":1,\"data\":{\"id\":\"u\"", ClerkEventEnvelope.MalformedJson)]
    [InlineData("{\"type\":\"user.created\",\"timestamp\":1,\"data\":{\"id\":\"u", ClerkEventEnvelope.MalformedJson)]
    [InlineData("{\"type\":\"user.created\",\"timestamp\":1} trailing", ClerkEventEnvelope.MalformedJson)]
    [InlineData("{\"type\":\"user.created\",\"timestamp\":1}}", ClerkEventEnvelope.MalformedJson)]
    [InlineData("{\"type\":\"user.created\",\"timestamp\":1}{}", ClerkEventEnvelope.MalformedJson)]
    [InlineData("{\"type\":\"user.created\",\"timestamp\":1,\"data\":{\"x\":[1,2,}}", ClerkEventEnvelope.MalformedJson)]
    [InlineData("{\"type\":\"user.created\",\"timestamp\":01}", ClerkEventEnvelope.MalformedJson)]
    [InlineData("", ClerkEventEnvelope.MalformedJson)]
    [InlineData("   ", ClerkEventEnvelope.MalformedJson)]
    [InlineData("[1,", ClerkEventEnvelope.MalformedJson)]
    [InlineData("[1,2]", ClerkEventEnvelope.NotAnObject)]
    [InlineData("42", ClerkEventEnvelope.NotAnObject)]
    [InlineData("{\"timestamp\":1,\"data\":{\"type\":\"user.created\"}}", ClerkEventEnvelope.MissingType)]
    [InlineData("{\"type\":1,\"timestamp\":1}", ClerkEventEnvelope.InvalidType)]
    [InlineData("{\"type\":[\"user.created\"],\"timestamp\":1}", ClerkEventEnvelope.InvalidType)]
    [InlineData("{\"type\":\"\",\"timestamp\":1}", ClerkEventEnvelope.InvalidType)]
    [InlineData("{\"type\":\"user.created\"}", ClerkEventEnvelope.MissingTimestamp)]
    [InlineData("{\"type\":\"user.created\",\"timestamp\":\"1\"}", ClerkEventEnvelope.InvalidTimestamp)]
    [InlineData("{\"type\":\"user.created\",\"timestamp\":1.5}", ClerkEventEnvelope.InvalidTimestamp)]
    [InlineData("{\"type\":\"user.created\",\"timestamp\":1e30}", ClerkEventEnvelope.InvalidTimestamp)]
    public void TryRead_InvalidPayload_ReturnsFalseWithReason(string json, string reason)
    {
        Assert.Equal(reason, Fail(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void TryRead_NonUtf8Bytes_ReturnsInvalidUtf8()
    {
        Assert.Equal(ClerkEventEnvelope.InvalidUtf8, Fail([.. "{\"type\":\"user.created\",\"timestamp\":1,\"x\":\""u8, 0xFF, 0xFE, .. "\"}"u8]));
    }

    [Fact]
    public void TryRead_Latin1EncodedBody_ReturnsInvalidUtf8()
    {
        var latin1 = Encoding.Latin1.GetBytes("{\"type\":\"user.created\",\"timestamp\":1,\"data\":{\"first_name\":\"José\"}}");

        Assert.Equal(ClerkEventEnvelope.InvalidUtf8, Fail(latin1));
    }

    [Fact]
    public void TryRead_DeeplyNestedData_ReturnsMalformedRatherThanThrowing()
    {
        var deep = string.Concat(Enumerable.Repeat("[", 200)) + string.Concat(Enumerable.Repeat("]", 200));

        Assert.Equal(ClerkEventEnvelope.MalformedJson, Fail(Encoding.UTF8.GetBytes("{\"type\":\"user.created\",\"timestamp\":1,\"data\":{\"x\":" + deep + "}}")));
    }
}
