using System.Diagnostics;
using Azure.Identity;
using Inkoop.Functions.Hosting;
using Microsoft.AspNetCore.Http;

namespace Inkoop.Tests.Functions;

/// <summary>Which correlation id a request gets (the integration tests check it is answered, logged and in problems).</summary>
public sealed class CorrelationIdsTests
{
    private static string Choose(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers) dictionary.Append(name, value);
        return CorrelationIds.Choose(dictionary, current: null);
    }

    private static bool IsNew(string id) => id.Length == 32 && id.All(Uri.IsHexDigit) && id != new string('0', 32);

    [Fact]
    public void A_valid_traceparent_gives_its_trace_id_before_anything_else()
    {
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736",
            Choose(("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), (CorrelationIds.Header, "client-id")));
    }

    [Theory]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7")] // no flags
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")] // all-zero trace id
    [InlineData("not a traceparent")]
    public void An_invalid_traceparent_is_ignored(string traceparent)
    {
        Assert.Equal("client-id", Choose(("traceparent", traceparent), (CorrelationIds.Header, "client-id")));
        Assert.True(IsNew(Choose(("traceparent", traceparent))));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("ticket-42.retry_1:x")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")] // 64
    public void A_well_formed_client_id_is_kept(string id) => Assert.Equal(id, Choose((CorrelationIds.Header, id)));

    [Theory]
    [InlineData("")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")] // 65
    [InlineData("a b")]
    [InlineData("a\u0001b")]
    [InlineData("a\r\nSet-Cookie: x")]
    [InlineData("<script>")]
    [InlineData("caf\u00e9")]
    [InlineData("../../etc/passwd")]
    public void Anything_else_is_replaced_by_a_new_id(string id)
    {
        Assert.False(CorrelationIds.IsWellFormed(id));
        Assert.True(IsNew(Choose((CorrelationIds.Header, id))));
    }

    [Fact]
    public void Two_client_ids_are_replaced_and_new_ids_differ()
    {
        Assert.True(IsNew(Choose((CorrelationIds.Header, "one"), (CorrelationIds.Header, "two"))));
        Assert.NotEqual(Choose(), Choose());
    }

    [Fact]
    public void Without_a_client_id_the_request_span_gives_the_id()
    {
        using var activity = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();
        Assert.Equal(activity.TraceId.ToHexString(), CorrelationIds.Choose(new HeaderDictionary(), activity));
    }

    [Fact]
    public void Azure_Monitor_authenticates_with_the_managed_identity_only_when_the_host_setting_says_AAD()
    {
        Assert.Null(Telemetry.AzureMonitorCredential(null));
        Assert.Null(Telemetry.AzureMonitorCredential(""));
        Assert.Null(Telemetry.AzureMonitorCredential("Authorization=Key"));
        Assert.IsType<ManagedIdentityCredential>(Telemetry.AzureMonitorCredential("Authorization=AAD"));
        Assert.IsType<ManagedIdentityCredential>(Telemetry.AzureMonitorCredential("Authorization=AAD;ClientId=00000000-0000-0000-0000-000000000003"));
    }
}
