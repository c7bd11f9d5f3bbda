using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClerkSync.TestKit;

namespace ClerkSync.Webhooks.Tests.Events;

public sealed class ClerkEventsTests
{
    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    // A fixture as a mutable tree, to vary one thing at a time.
    private static JsonObject FixtureNode(string eventType) => JsonNode.Parse(Fixtures.LoadText(eventType))!.AsObject();

    private static void AssertRoundTrips(string json) => JsonAssert.Equal(json, ClerkEvents.Serialize(ClerkEvents.Parse(Utf8(json))));

    [Fact]
    public void Parse_UserCreated_PopulatesTypedData()
    {
        var evt = Assert.IsType<UserCreatedEvent>(ClerkEvents.Parse(Fixtures.Load("user.created")));

        Assert.Equal(ClerkEventTypes.UserCreated, evt.Type);
        Assert.Equal("user_2g7np7Hrk0SN6kj5EDMLDaKNL0S", evt.Data.Id);
        Assert.Equal("John", evt.Data.FirstName);
        Assert.Null(evt.Data.ExternalId);
        Assert.True(evt.Data.HasImage);
        Assert.Equal(1716883200000, evt.Data.UpdatedAt);
        Assert.Equal(JsonValueKind.Object, evt.Data.PublicMetadata?.ValueKind);
        Assert.Null(evt.Data.PrivateMetadata);
        Assert.Empty(evt.Data.EmailAddresses!);
        Assert.Equal("192.168.1.100", evt.EventAttributes?.HttpRequest?.ClientIp);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1716883200), evt.OccurredAt);
    }

    [Fact]
    public void Parse_SessionCreated_PopulatesEnumAndEmbeddedUser()
    {
        var evt = Assert.IsType<SessionCreatedEvent>(ClerkEvents.Parse(Fixtures.Load("session.created")));

        Assert.Equal(SessionStatus.Active, evt.Data.Status);
        Assert.True(evt.Data.Status?.IsKnown);
        Assert.Equal("user_2g7np7Hrk0SN6kj5EDMLDaKNL0S", evt.Data.User?.Id);
        Assert.False(evt.Data.LatestActivity?.IsMobile);
    }

    [Fact]
    public void Parse_UnknownType_ReturnsUnknownClerkEventWithDataKept()
    {
        const string json = """
            {"type":"invitation.created","object":"event","timestamp":1716883200000,"instance_id":"ins_1",
             "data":{"id":"inv_1","object":"invitation","nested":{"a":[1,null,{"b":null}]},"n":null}}
            """;

        var evt = Assert.IsType<UnknownClerkEvent>(ClerkEvents.Parse(Utf8(json)));

        Assert.Equal("invitation.created", evt.Type);
        Assert.Null(ClerkEvents.EventTypeFor(evt.Type));
        Assert.Equal("inv_1", evt.Data.GetProperty("id").GetString());
        AssertRoundTrips(json);
    }

    [Fact]
    public void Parse_UnknownFields_KeptInExtensionDataAndReserialized()
    {
        var node = FixtureNode("user.created");
        node["future_envelope_field"] = new JsonObject { ["x"] = 1 };
        node["data"]!["future_user_field"] = JsonValue.Create("v");
        node["data"]!["future_null"] = null;
        node["event_attributes"]!["http_request"]!["future_header"] = JsonValue.Create(true);
        var json = node.ToJsonString();

        var evt = Assert.IsType<UserCreatedEvent>(ClerkEvents.Parse(Utf8(json)));

        Assert.True(evt.ExtensionData!.ContainsKey("future_envelope_field"));
        Assert.Equal("v", evt.Data.ExtensionData!["future_user_field"].GetString());
        Assert.Equal(JsonValueKind.Null, evt.Data.ExtensionData["future_null"].ValueKind);
        Assert.True(evt.EventAttributes!.HttpRequest!.ExtensionData!.ContainsKey("future_header"));
        AssertRoundTrips(json);
    }

    [Fact]
    public void Parse_UnknownEnumValue_AcceptedAndReserializedUnchanged()
    {
        var node = FixtureNode("session.created");
        node["data"]!["status"] = "frobnicated";
        node["data"]!["latest_activity"] = null;
        var json = node.ToJsonString();

        var evt = Assert.IsType<SessionCreatedEvent>(ClerkEvents.Parse(Utf8(json)));

        Assert.Equal("frobnicated", evt.Data.Status?.Value);
        Assert.False(evt.Data.Status?.IsKnown);
        Assert.NotEqual(SessionStatus.Active, evt.Data.Status);
        AssertRoundTrips(json);
    }

    [Theory]
    [InlineData(1716883200, 1716883200000)]
    [InlineData(1716883200000, 1716883200000)]
    [InlineData(1716883200123, 1716883200123)]
    [InlineData(99_999_999_999, 99_999_999_999_000)]
    [InlineData(100_000_000_000, 100_000_000_000)]
    public void Parse_TimestampInSecondsOrMilliseconds_NormalisesToMilliseconds(long sent, long expected)
    {
        var node = FixtureNode("user.created");
        node["timestamp"] = sent;
        var json = node.ToJsonString();

        var evt = ClerkEvents.Parse(Utf8(json));

        Assert.Equal(expected, evt.Timestamp);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(expected), evt.OccurredAt);
        Assert.Equal(sent, JsonNode.Parse(ClerkEvents.Serialize(evt))!["timestamp"]!.GetValue<long>());
    }

    [Fact]
    public void Parse_SameInstantInSecondsAndMilliseconds_SameTimestamp()
    {
        var seconds = FixtureNode("organization.created");
        var milliseconds = FixtureNode("organization.created");
        seconds["timestamp"] = 1716883200;
        milliseconds["timestamp"] = 1716883200000;

        Assert.Equal(
            ClerkEvents.Parse(Utf8(seconds.ToJsonString())).Timestamp,
            ClerkEvents.Parse(Utf8(milliseconds.ToJsonString())).Timestamp);
    }

    [Fact]
    public void Serialize_ExplicitNullAndAbsentMembers_KeepsEachAsSent()
    {
        var node = FixtureNode("user.created");
        node["data"]!["locale"] = null;             // optional, sent as null: stays null
        node["data"]!.AsObject().Remove("username"); // required nullable, absent: stays absent
        var json = node.ToJsonString();

        var serialized = JsonNode.Parse(ClerkEvents.Serialize(ClerkEvents.Parse(Utf8(json))))!["data"]!.AsObject();

        Assert.True(serialized.ContainsKey("locale"));
        Assert.Null(serialized["locale"]);
        Assert.False(serialized.ContainsKey("username"));
        Assert.False(serialized.ContainsKey("password_last_updated_at"));
        AssertRoundTrips(json);
    }

    [Fact]
    public void Serialize_EscapedPropertyNameSentAsNull_KeepsNull()
    {
        const string json = """
            {"type":"user.deleted","timestamp":1716883200,"data":{"object":"user","id":"user_1","deleted":true,"external\u005fid":null}}
            """;

        var evt = Assert.IsType<UserDeletedEvent>(ClerkEvents.Parse(Utf8(json)));

        Assert.Null(evt.Data.ExternalId);
        Assert.Null(JsonNode.Parse(ClerkEvents.Serialize(evt))!["data"]!["external_id"]);
        AssertRoundTrips(json);
    }

    [Fact]
    public void Serialize_ExplicitNullsInNestedRecordsAndArrays_KeptPerElement()
    {
        var node = FixtureNode("user.created");
        node["data"]!["email_addresses"] = new JsonArray(
            new JsonObject { ["id"] = "idn_1", ["object"] = "email_address", ["email_address"] = "a@example.com", ["reserved"] = false, ["verification"] = null, ["linked_to"] = new JsonArray(), ["created_at"] = 1, ["updated_at"] = 2 },
            new JsonObject
            {
                ["id"] = "idn_2", ["email_address"] = "b@example.com", ["reserved"] = false, ["linked_to"] = new JsonArray(), ["created_at"] = 1, ["updated_at"] = 2,
                ["verification"] = new JsonObject { ["object"] = "verification_otp", ["status"] = "verified", ["strategy"] = "email_code", ["attempts"] = null, ["expire_at"] = null },
            });
        var json = node.ToJsonString();

        var evt = Assert.IsType<UserCreatedEvent>(ClerkEvents.Parse(Utf8(json)));

        Assert.Equal("b@example.com", evt.Data.EmailAddresses![1].Address);
        Assert.Equal(VerificationStatus.Verified, evt.Data.EmailAddresses[1].Verification?.Status);
        AssertRoundTrips(json);
    }

    [Fact]
    public void Serialize_EventBuiltInCode_WritesSetMembersOnly()
    {
        var evt = new UserUpdatedEvent
        {
            Timestamp = 1716883200000,
            Data = new UserData { Id = "user_1", FirstName = "Ada", CreatedAt = 1, UpdatedAt = 2 },
        };

        var json = JsonNode.Parse(ClerkEvents.Serialize(evt))!.AsObject();

        Assert.Equal("user.updated", json["type"]!.GetValue<string>());
        Assert.Equal(1716883200000, json["timestamp"]!.GetValue<long>());
        Assert.False(json.ContainsKey("instance_id"));
        Assert.Equal("Ada", json["data"]!["first_name"]!.GetValue<string>());
        Assert.False(json["data"]!.AsObject().ContainsKey("last_name"));
        Assert.True(evt.RawJson.IsEmpty);
    }

    [Fact]
    public void Serialize_CopyWithChangedData_WritesChange()
    {
        var evt = Assert.IsType<UserUpdatedEvent>(ClerkEvents.Parse(Fixtures.Load("user.updated")));

        var changed = evt with { Data = evt.Data with { FirstName = "Grace", ExternalId = "ext_1" } };
        var json = JsonNode.Parse(ClerkEvents.Serialize(changed))!;

        Assert.Equal("Grace", json["data"]!["first_name"]!.GetValue<string>());
        Assert.Equal("ext_1", json["data"]!["external_id"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_UserDeleted_ReturnsThinDeletedObject()
    {
        var evt = Assert.IsType<UserDeletedEvent>(ClerkEvents.Parse(Fixtures.Load("user.deleted")));

        Assert.True(evt.Data.Deleted);
        Assert.Equal("user", evt.Data.Object);
        Assert.Equal("user_2g7np7Hrk0SN6kj5EDMLDaKNL0S", evt.Data.Id);
        Assert.Equal("ex_123456789", evt.Data.ExternalId);
    }

    [Fact]
    public void Parse_OrganizationMembershipDeleted_CarriesFullMembership()
    {
        var evt = Assert.IsType<OrganizationMembershipDeletedEvent>(ClerkEvents.Parse(Fixtures.Load("organizationMembership.deleted")));

        Assert.StartsWith("orgmem_", evt.Data.Id, StringComparison.Ordinal);
        Assert.NotNull(evt.Data.Role);
        Assert.StartsWith("org_", evt.Data.Organization?.Id, StringComparison.Ordinal);
        Assert.StartsWith("user_", evt.Data.PublicUserData?.UserId, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RoleDeletedAsDeletedObject_ReadsDeletedShape()
    {
        var evt = Assert.IsType<RoleDeletedEvent>(ClerkEvents.Parse(Fixtures.Load("role.deleted")));

        Assert.True(evt.Data.Deleted);
        Assert.StartsWith("role_", evt.Data.Id, StringComparison.Ordinal);
        Assert.Null(evt.Data.Key);
        AssertRoundTrips(Fixtures.LoadText("role.deleted"));
    }

    [Fact]
    public void Parse_RoleDeletedAsFullRole_ReadsFullShape()
    {
        var node = FixtureNode("role.updated");
        node["type"] = "role.deleted";
        var json = node.ToJsonString();

        var evt = Assert.IsType<RoleDeletedEvent>(ClerkEvents.Parse(Utf8(json)));

        Assert.Null(evt.Data.Deleted);
        Assert.Equal("editor", evt.Data.Key);
        Assert.Equal(2, evt.Data.Permissions?.Count);
        AssertRoundTrips(json);
    }

    [Fact]
    public void Parse_PermissionDeletedAsDeletedObject_ReadsDeletedShape()
    {
        var evt = Assert.IsType<PermissionDeletedEvent>(ClerkEvents.Parse(Fixtures.Load("permission.deleted")));

        Assert.True(evt.Data.Deleted);
        Assert.StartsWith("perm_", evt.Data.Id, StringComparison.Ordinal);
        Assert.Null(evt.Data.Key);
    }

    [Fact]
    public void Parse_PermissionDeletedAsFullPermission_ReadsFullShape()
    {
        var node = FixtureNode("permission.updated");
        node["type"] = "permission.deleted";
        var json = node.ToJsonString();

        var evt = Assert.IsType<PermissionDeletedEvent>(ClerkEvents.Parse(Utf8(json)));

        Assert.Null(evt.Data.Deleted);
        Assert.NotNull(evt.Data.Key);
        Assert.NotNull(evt.Data.UpdatedAt);
        AssertRoundTrips(json);
    }

    [Theory]
    [InlineData("{\"type\":\"user.created\",", ClerkEventParseReason.MalformedJson)]
    [InlineData("{\"type\":\"user.created\"} x", ClerkEventParseReason.MalformedJson)]
    [InlineData("{\"type\":\"user.created\"}{}", ClerkEventParseReason.MalformedJson)]
    [InlineData("", ClerkEventParseReason.MalformedJson)]
    [InlineData("{'type':'user.created'}", ClerkEventParseReason.MalformedJson)]
    [InlineData("[1,2]", ClerkEventParseReason.NotAnObject)]
    [InlineData("\"user.created\"", ClerkEventParseReason.NotAnObject)]
    [InlineData("null", ClerkEventParseReason.NotAnObject)]
    [InlineData("{\"timestamp\":1716883200,\"data\":{}}", ClerkEventParseReason.MissingType)]
    [InlineData("{\"type\":42,\"timestamp\":1716883200,\"data\":{}}", ClerkEventParseReason.InvalidType)]
    [InlineData("{\"type\":{\"a\":1},\"timestamp\":1716883200,\"data\":{}}", ClerkEventParseReason.InvalidType)]
    [InlineData("{\"type\":null,\"timestamp\":1716883200,\"data\":{}}", ClerkEventParseReason.InvalidType)]
    [InlineData("{\"type\":\"\",\"timestamp\":1716883200,\"data\":{}}", ClerkEventParseReason.InvalidType)]
    [InlineData("{\"type\":\"user.created\",\"timestamp\":1716883200}", ClerkEventParseReason.InvalidShape)]
    [InlineData("{\"type\":\"user.created\",\"timestamp\":1716883200,\"data\":null}", ClerkEventParseReason.InvalidShape)]
    [InlineData("{\"type\":\"user.created\",\"timestamp\":1716883200,\"data\":{}}", ClerkEventParseReason.InvalidShape)]
    [InlineData("{\"type\":\"user.created\",\"timestamp\":1716883200,\"data\":[]}", ClerkEventParseReason.InvalidShape)]
    [InlineData("{\"type\":\"user.created\",\"data\":{\"id\":\"user_1\"}}", ClerkEventParseReason.InvalidShape)]
    [InlineData("{\"type\":\"user.created\",\"timestamp\":\"soon\",\"data\":{\"id\":\"user_1\"}}", ClerkEventParseReason.InvalidShape)]
    [InlineData("{\"type\":\"user.created\",\"timestamp\":1,\"data\":{\"id\":\"user_1\",\"banned\":\"yes\"}}", ClerkEventParseReason.InvalidShape)]
    [InlineData("{\"type\":\"user.created\",\"timestamp\":1,\"data\":{\"id\":null}}", ClerkEventParseReason.InvalidShape)]
    [InlineData("{\"type\":\"session.created\",\"timestamp\":1,\"data\":{\"id\":\"sess_1\",\"status\":7}}", ClerkEventParseReason.InvalidShape)]
    public void Parse_InvalidPayload_ThrowsWithReason(string json, ClerkEventParseReason reason)
    {
        var ex = Assert.Throws<ClerkEventParseException>(() => ClerkEvents.Parse(Utf8(json)));

        Assert.Equal(reason, ex.Reason);
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Fact]
    public void Parse_InvalidUtf8_ThrowsMalformedJson()
    {
        byte[] json = [.. "{\"type\":\"user.created\",\"x\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        var ex = Assert.Throws<ClerkEventParseException>(() => ClerkEvents.Parse(json));

        Assert.Equal(ClerkEventParseReason.MalformedJson, ex.Reason);
    }

    [Fact]
    public void Parse_InvalidShape_MessageNamesPathButNeverEchoesPayload()
    {
        var node = FixtureNode("user.created");
        node["data"]!["first_name"] = 12345;
        node["data"]!["last_name"] = "Secretperson-PII";

        var ex = Assert.Throws<ClerkEventParseException>(() => ClerkEvents.Parse(Utf8(node.ToJsonString())));

        Assert.Equal(ClerkEventParseReason.InvalidShape, ex.Reason);
        Assert.Contains("$.data.first_name", ex.Message, StringComparison.Ordinal);
        Assert.Contains("user.created", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("12345", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Secretperson", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownTypeName_NotEchoedInMessage()
    {
        var ex = Assert.Throws<ClerkEventParseException>(() => ClerkEvents.Parse(Utf8("""{"type":"jane@example.com","timestamp":1}""")));

        Assert.Equal(ClerkEventParseReason.InvalidShape, ex.Reason);
        Assert.DoesNotContain("jane", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ValidPayload_ReturnsEventAndNoError()
    {
        Assert.True(ClerkEvents.TryParse(Fixtures.Load("email.created"), out var evt, out var error));

        Assert.IsType<EmailCreatedEvent>(evt);
        Assert.Null(error);
    }

    [Fact]
    public void TryParse_InvalidPayload_ReturnsErrorWithoutThrowing()
    {
        Assert.False(ClerkEvents.TryParse("{\"data\":{}}"u8, out var evt, out var error));

        Assert.Null(evt);
        Assert.Equal(ClerkEventParseReason.MissingType, error?.Reason);
    }

    [Fact]
    public void Parse_TypeAfterData_ParsesTheSame()
    {
        var node = FixtureNode("organization.created");
        var data = node["data"]!.DeepClone();
        node.Remove("data");
        var reordered = new JsonObject { ["data"] = data };
        foreach (var (key, value) in node)
        {
            reordered[key] = value?.DeepClone();
        }

        var evt = ClerkEvents.Parse(Utf8(reordered.ToJsonString()));

        Assert.IsType<OrganizationCreatedEvent>(evt);
    }

    [Fact]
    public void ToString_Event_OmitsPayloadValues()
    {
        var evt = Assert.IsType<UserCreatedEvent>(ClerkEvents.Parse(Fixtures.Load("user.created")));

        var text = evt.ToString() + evt.Data;

        Assert.Contains("user.created", text, StringComparison.Ordinal);
        Assert.DoesNotContain("John", text, StringComparison.Ordinal);
        Assert.DoesNotContain("192.168", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EventTypeFor_KnownAndUnknownTypes_ReturnsRecordOrNull()
    {
        Assert.Equal(typeof(SubscriptionItemFreeTrialEndingEvent), ClerkEvents.EventTypeFor("subscriptionItem.freeTrialEnding"));
        Assert.Equal(typeof(SessionPendingEvent), ClerkEvents.EventTypeFor(ClerkEventTypes.SessionPending));
        Assert.Null(ClerkEvents.EventTypeFor("user.exploded"));
        Assert.Null(ClerkEvents.EventTypeFor("USER.CREATED"));
    }
}
