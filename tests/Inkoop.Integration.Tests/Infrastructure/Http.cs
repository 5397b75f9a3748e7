using System.Net;
using System.Text;
using System.Text.Json;

namespace Inkoop.Integration.Tests.Infrastructure;

public static class Http
{
    /// <summary>Asserts an RFC 9457 problem+json response with a Dutch detail; returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail));
        Assert.True(LooksDutch(detail!), $"Detail is not Dutch: {detail}");
        Assert.DoesNotContain("   at ", body); // no stack trace
        if (code is not null) Assert.Equal(code, problem.GetProperty("code").GetString());
        // The id support staff find the request by: in every problem, the same as the response header.
        Assert.Equal(response.Headers.GetValues("X-Correlation-Id").Single(), problem.GetProperty("correlationId").GetString());
        return problem;
    }

    /// <summary>A crude check that a sentence is Dutch: it holds one of the common Dutch function words.</summary>
    public static bool LooksDutch(string text) =>
        new[] { " de ", " het ", " een ", " is ", " niet ", " van ", " bij ", " of ", " en ", " deze ", " bestaat ", " geen ", " ontbreekt " }
            .Any(w => (" " + text.ToLowerInvariant() + " ").Contains(w));

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Runs a timer function as the Functions host does (POST /{FunctionName} with the invocation payload); returns the answer.</summary>
    public static async Task<JsonElement> InvokeTimerAsync(HttpClient client, string function)
    {
        var payload = $$"""
            { "Data": { "timer": { "Schedule": { "AdjustForDST": true }, "ScheduleStatus": null, "IsPastDue": false } },
              "Metadata": { "sys": { "MethodName": "{{function}}", "UtcNow": "{{DateTime.UtcNow:O}}", "RandGuid": "{{Guid.NewGuid()}}" } } }
            """;
        var response = await client.PostAsync("/" + function, Json(payload));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>A valid round configuration (tariff-research-format-v1.md section 3).</summary>
    public static string RoundJson(string round, string? repairDeadline = "2023-09-15") => $$"""
        {
          "round": "{{round}}",
          "name": "Tarievenonderzoek {{round}}",
          "referenceYear": 2023,
          {{(repairDeadline is null ? "" : $"\"repairDeadline\": \"{repairDeadline}\",")}}
          "products": [
            { "code": "45A11", "name": "Begeleiding basis individueel", "unit": "uur" },
            { "code": "45D01", "name": "Dyslexie diagnostiek", "unit": "uur" },
            { "code": "45D02", "name": "Dyslexie behandeling", "unit": "uur" },
            { "code": "41D11", "name": "Dagbehandeling groep", "unit": "dagdeel" },
            { "code": "44V11", "name": "Verblijf woongroep", "unit": "etmaal" }
          ],
          "trajectories": [
            { "code": "DYS-TRAJECT", "name": "Dyslexiezorg traject",
              "components": [ { "product": "45D01", "hours": 12 }, { "product": "45D02", "hours": 70 } ] }
          ],
          "bands": { "Verzuim": { "min": 0.0, "max": 0.12 } },
          "normalisation": {
            "default": { "statistic": "mean", "outliers": "tukey", "k": 1.5, "minRespondents": 3 },
            "variables": { "Overhead": { "statistic": "median" } }
          }
        }
        """;
}
