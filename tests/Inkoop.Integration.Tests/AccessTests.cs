using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Inkoop.Integration.Tests.Infrastructure;

namespace Inkoop.Integration.Tests;

/// <summary>
/// Who reaches what, over HTTP against the real app and Azurite: every route of every function.json, called by every
/// role (a provider for its own and for another AGB-code), with the status each may get; a provider's answers never
/// hold another provider's AGB-code. Also revocation, the 401 cases, the provider view of a final snapshot, principals
/// behind App Service Authentication and the audit log.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AccessTests(AppFixture fixture)
{
    /// <summary>One round with the four providers' formats, a final snapshot and a later concept one, and a key per role.</summary>
    private sealed record World(string Round, string Final, string Concept, string Analyst, string Provider, string OtherProvider,
        string Scheduler, string ProviderKeyId)
    {
        /// <summary>
        /// A tender on the round with a bid of each of the two providers; <see cref="OwnBid"/> makes the own provider's file
        /// at a price: each upload of the matrix sends other bytes (the same bytes again would be the existing version, 200).
        /// </summary>
        public string Tender => Round + "-t";
        public Func<decimal, byte[]> OwnBid { get; init; } = _ => [];

        /// <summary>
        /// Consultation A (closed, its reactions answered, the answers published) and B (open), each with a reaction of the
        /// own and of the other provider; <see cref="OwnReaction"/> and <see cref="OwnReactionToWithdraw"/> are the own
        /// provider's in B, <see cref="AnsweredReaction"/> the own provider's in A.
        /// </summary>
        public string ConsultationA { get; init; } = "";
        public string ConsultationB { get; init; } = "";
        public string OwnReaction { get; init; } = "";
        public string OwnReactionToWithdraw { get; init; } = "";
        public string AnsweredReaction { get; init; } = "";
        public string Consultations => $"/api/rounds/{Round}/consultations";

        public string TenderJson => $$"""{ "tender": "{{Tender}}", "round": "{{Round}}", "lots": [ { "code": "AMB" } ] }""";

        public const string Own = "12345678";      // TestFormats.Agbs[0]
        public const string Other = "23456789";    // TestFormats.Agbs[1]
        public static readonly string[] NotOwn = ["23456789", "34567890", "45678901"];
    }

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static World? _world;

    private async Task<World> WorldAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_world is not null) return _world;
            var round = AppFixture.NewRoundId("acc");
            Assert.Equal(HttpStatusCode.Created, (await fixture.Client.PutAsync($"/api/rounds/{round}", Http.Json(TestFormats.RoundJson(round)))).StatusCode);
            for (var i = 0; i < 4; i++)
                Assert.Equal(HttpStatusCode.Created, (await fixture.Client.PostAsync($"/api/rounds/{round}/formats",
                    TestFormats.Xlsx(TestFormats.Build(TestFormats.RoundJson(round), TestFormats.Provider(round, i))))).StatusCode);
            var final = await RecalculateAsync(round);
            Assert.Equal(HttpStatusCode.OK, (await fixture.Client.PostAsync($"/api/rounds/{round}/snapshots/{final}/final", null)).StatusCode);
            var concept = await RecalculateAsync(round);
            var provider = await fixture.IssueKeyAsync("provider", World.Own);
            var world = new World(round, final, concept, (await fixture.IssueKeyAsync("analyst")).Key, provider.Key,
                (await fixture.IssueKeyAsync("provider", World.Other)).Key, (await fixture.IssueKeyAsync("scheduler")).Key, provider.Id);
            Assert.Equal(HttpStatusCode.Created, (await fixture.Client.PutAsync($"/api/tenders/{world.Tender}", Http.Json(world.TenderJson))).StatusCode);
            var template = await fixture.Client.GetByteArrayAsync($"/api/tenders/{world.Tender}/template");
            byte[] Bid(string agb, decimal price = 70m)
            {
                using var output = new MemoryStream();
                Inkoop.Excel.BidFiller.Fill(new MemoryStream(template), new Inkoop.Excel.BidValues(
                    new Dictionary<string, object?> { ["Perceel"] = "AMB", ["Inschrijver_AGB"] = agb, ["Inschrijver_Naam"] = "Zorg " + agb },
                    [("45A11", price, 100m)]), output);
                return output.ToArray();
            }
            world = world with { OwnBid = price => Bid(World.Own, price) };
            world = await ConsultationsAsync(world);
            foreach (var file in new[] { world.OwnBid(70m), Bid(World.Other) })
                Assert.Equal(HttpStatusCode.Created, (await fixture.Client.PostAsync($"/api/tenders/{world.Tender}/bids", TestFormats.Xlsx(file))).StatusCode);
            _world = world;
            return _world;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Consultation A: reactions of both providers, closed, answered and published; then B, open, with reactions of both.</summary>
    private async Task<World> ConsultationsAsync(World world)
    {
        using var own = fixture.ClientWith(world.Provider);
        using var other = fixture.ClientWith(world.OtherProvider);
        async Task<string> Post(HttpClient client, string path, object body)
        {
            var response = await client.PostAsJsonAsync(path, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, text);
            return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
        }
        var deadline = DateTimeOffset.UtcNow.AddDays(30).ToString("yyyy-MM-dd'T'HH:mm'Z'");
        var a = await Post(fixture.Client, world.Consultations, new { snapshot = world.Concept, deadline });
        var answered = await Post(own, $"{world.Consultations}/{a}/reactions", new { product = "45A11", text = "Het tarief is te laag." });
        var others = await Post(other, $"{world.Consultations}/{a}/reactions", new { text = "De planning is krap." });
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.PostAsync($"{world.Consultations}/{a}/close", null)).StatusCode);
        foreach (var reaction in new[] { answered, others })
            Assert.Equal(HttpStatusCode.OK, (await fixture.Client.PutAsJsonAsync($"{world.Consultations}/{a}/reactions/{reaction}/answer",
                new { publicQuestion = "Is het tarief te laag?", answer = "Nee.", outcome = "unchanged" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.PostAsync($"{world.Consultations}/{a}/publication", null)).StatusCode);
        var b = await Post(fixture.Client, world.Consultations, new { snapshot = world.Concept, deadline });
        var ownReaction = await Post(own, $"{world.Consultations}/{b}/reactions", new { text = "Eerste reactie." });
        var toWithdraw = await Post(own, $"{world.Consultations}/{b}/reactions", new { text = "Tweede reactie." });
        await Post(other, $"{world.Consultations}/{b}/reactions", new { text = "Reactie van een ander." });
        return world with
        {
            ConsultationA = a, ConsultationB = b, OwnReaction = ownReaction, OwnReactionToWithdraw = toWithdraw, AnsweredReaction = answered,
        };
    }

    private async Task<string> RecalculateAsync(string round)
    {
        var response = await fixture.Client.PostAsync($"/api/rounds/{round}/recalculations", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private enum Caller { Analyst, Admin, Provider, OtherProvider, Scheduler }

    /// <summary>A call and the status each caller gets (0: not checked for that caller).</summary>
    private sealed record Call(string Function, HttpMethod Method, Func<World, string> Path, Func<World, HttpContent?>? Body,
        int Analyst, int Admin, int Provider, int OtherProvider, int Scheduler)
    {
        public int Expected(Caller c) => c switch
        {
            Caller.Analyst => Analyst,
            Caller.Admin => Admin,
            Caller.Provider => Provider,
            Caller.OtherProvider => OtherProvider,
            _ => Scheduler,
        };
    }

    private static HttpContent Timer() => Http.Json("""{ "Data": {}, "Metadata": {} }""");
    private static readonly string PrincipalId = Guid.NewGuid().ToString("D");
    private const int LumpsumYear = 2099;
    private static int _uploads;

    /// <summary>Another small fraction for each upload of the matrix, so that no two send the same bytes.</summary>
    private static decimal NextFraction() => 0.05m + Interlocked.Increment(ref _uploads) / 10_000m;

    // Admin rows come after the others' rows of the same function, so the admin's own changes (a new concept, a new
    // format version) do not change what the others' rows expect.
    private static readonly Call[] Matrix =
    [
        new("Health", HttpMethod.Get, _ => "/api/health", null, 200, 200, 200, 200, 200),
        new("HealthReady", HttpMethod.Get, _ => "/api/health/ready", null, 200, 200, 200, 200, 200),
        new("OpenApiDocument", HttpMethod.Get, _ => "/api/openapi.json", null, 200, 200, 200, 200, 200),
        new("ApiReference", HttpMethod.Get, _ => "/api/docs/", null, 200, 200, 200, 200, 200),
        new("StaticFiles", HttpMethod.Get, _ => "/api/web/", null, 200, 200, 200, 200, 200),
        new("AddinManifest", HttpMethod.Get, _ => "/api/addin/manifest.xml", null, 200, 200, 200, 200, 200),
        new("ListRounds", HttpMethod.Get, _ => "/api/rounds", null, 200, 200, 200, 200, 403),
        new("GetRound", HttpMethod.Get, w => $"/api/rounds/{w.Round}", null, 200, 200, 200, 200, 403),
        new("PutRound", HttpMethod.Put, w => $"/api/rounds/{w.Round}", w => Http.Json(TestFormats.RoundJson(w.Round)), 403, 200, 403, 403, 403),
        new("GetRoundRevalidation", HttpMethod.Get, w => $"/api/rounds/{w.Round}/revalidation", null, 200, 200, 403, 403, 403),
        new("GetRoundTemplate", HttpMethod.Get, w => $"/api/rounds/{w.Round}/template", null, 200, 200, 200, 200, 403),
        new("GetRoundRevalidation", HttpMethod.Get, w => $"/api/rounds/{w.Round}/revalidation", null, 200, 200, 403, 403, 403),
        new("UploadFormat", HttpMethod.Post, w => $"/api/rounds/{w.Round}/formats",
            w => TestFormats.Xlsx(TestFormats.Build(TestFormats.RoundJson(w.Round), TestFormats.Provider(w.Round, 0, verzuim: NextFraction()))),
            201, 201, 201, 403, 403),
        new("ListFormats", HttpMethod.Get, w => $"/api/rounds/{w.Round}/formats", null, 200, 200, 403, 403, 403),
        new("GetFormat", HttpMethod.Get, w => $"/api/rounds/{w.Round}/formats/{World.Own}", null, 200, 200, 200, 403, 403),
        new("ListFormatVersions", HttpMethod.Get, w => $"/api/rounds/{w.Round}/formats/{World.Own}/versions", null, 200, 200, 200, 403, 403),
        new("ListSnapshots", HttpMethod.Get, w => $"/api/rounds/{w.Round}/snapshots", null, 200, 200, 200, 200, 403),
        new("GetSnapshot", HttpMethod.Get, w => $"/api/rounds/{w.Round}/snapshots/{w.Final}", null, 200, 200, 200, 200, 403),
        new("GetSnapshot", HttpMethod.Get, w => $"/api/rounds/{w.Round}/snapshots/{w.Concept}", null, 200, 200, 403, 403, 403),
        new("GetPublishedSnapshot", HttpMethod.Get, w => $"/api/rounds/{w.Round}/snapshots/published", null, 200, 200, 200, 200, 403),
        new("CompareSnapshots", HttpMethod.Get, w => $"/api/rounds/{w.Round}/snapshots/compare?from={w.Final}&to={w.Concept}", null,
            200, 200, 403, 403, 403),
        new("ExportSnapshot", HttpMethod.Get, w => $"/api/rounds/{w.Round}/snapshots/{w.Final}/export", null, 200, 200, 403, 403, 403),
        new("GetSnapshotSensitivity", HttpMethod.Get, w => $"/api/rounds/{w.Round}/snapshots/{w.Final}/sensitivity", null, 200, 200, 403, 403, 403),
        new("RunScenario", HttpMethod.Post, w => $"/api/rounds/{w.Round}/scenarios",
            _ => Http.Json("""{ "variables": { "Overhead": { "statistic": "median" } } }"""), 200, 200, 403, 403, 403),
        new("FinalizeSnapshot", HttpMethod.Post, w => $"/api/rounds/{w.Round}/snapshots/{w.Final}/final", null, 403, 200, 403, 403, 403),
        new("StartRecalculation", HttpMethod.Post, w => $"/api/rounds/{w.Round}/recalculations", null, 201, 201, 403, 403, 403),
        // After a recalculation the current snapshot is a concept: providers see none of it.
        new("GetCurrentSnapshot", HttpMethod.Get, w => $"/api/rounds/{w.Round}/snapshots/current", null, 200, 200, 403, 403, 403),
        new("ExportCurrentSnapshot", HttpMethod.Get, w => $"/api/rounds/{w.Round}/snapshots/current/export", null, 200, 200, 403, 403, 403),
        new("RecalculateTariffs", HttpMethod.Post, _ => "/RecalculateTariffs", _ => Timer(), 403, 200, 403, 403, 200),
        new("CloseRepairWindows", HttpMethod.Post, _ => "/CloseRepairWindows", _ => Timer(), 403, 200, 403, 403, 200),
        new("RevalidateFormats", HttpMethod.Post, _ => "/RevalidateFormats", _ => Timer(), 403, 200, 403, 403, 200),
        // Lumpsums: a year without lumpsums (2099), so every allowed caller gets the same deterministic answer; the PUTs send a
        // body that is no JSON, so the admin gets 400 and nothing stored changes.
        new("GetMunicipalities", HttpMethod.Get, _ => "/api/municipalities", null, 200, 200, 200, 200, 403),
        new("PutMunicipalities", HttpMethod.Put, _ => "/api/municipalities", _ => Http.Json("{"), 403, 400, 403, 403, 403),
        new("GetParticipation", HttpMethod.Get, _ => "/api/participation", null, 200, 200, 200, 200, 403),
        new("PutParticipation", HttpMethod.Put, _ => "/api/participation", _ => Http.Json("{"), 403, 400, 403, 403, 403),
        new("ListLumpsumYears", HttpMethod.Get, _ => "/api/lumpsums", null, 200, 200, 403, 403, 403),
        new("GetLumpsums", HttpMethod.Get, _ => $"/api/lumpsums/{LumpsumYear}", null, 404, 404, 403, 403, 403),
        new("PutLumpsums", HttpMethod.Put, _ => $"/api/lumpsums/{LumpsumYear}", _ => Http.Json("{"), 403, 400, 403, 403, 403),
        new("UploadRealisation", HttpMethod.Post, _ => $"/api/lumpsums/{LumpsumYear}/realisation/1/{World.Own}/AMB", _ => Http.Json("{}"),
            404, 404, 404, 403, 403),
        new("ListRealisation", HttpMethod.Get, _ => $"/api/lumpsums/{LumpsumYear}/realisation", null, 200, 200, 403, 403, 403),
        new("StartVarianceRecalculation", HttpMethod.Post, _ => $"/api/lumpsums/{LumpsumYear}/variance/1/recalculations", null,
            404, 404, 403, 403, 403),
        new("GetVariance", HttpMethod.Get, _ => $"/api/lumpsums/{LumpsumYear}/variance/1", null, 404, 404, 403, 403, 403),
        new("GetLumpsumVariance", HttpMethod.Get, _ => $"/api/lumpsums/{LumpsumYear}/variance/1/lumpsums/{World.Own}/AMB", null,
            404, 404, 404, 403, 403),
        new("GetMunicipalityVariance", HttpMethod.Get, _ => $"/api/lumpsums/{LumpsumYear}/variance/1/municipalities/GM0197", null,
            404, 404, 403, 403, 403),
        new("ExportVariance", HttpMethod.Get, _ => $"/api/lumpsums/{LumpsumYear}/variance/1/export", null, 404, 404, 403, 403, 403),
        new("RecalculateLumpsumVariance", HttpMethod.Post, _ => "/RecalculateLumpsumVariance", _ => Timer(), 403, 200, 403, 403, 200),
        new("IssueKey", HttpMethod.Post, _ => "/api/admin/keys", _ => JsonContent.Create(new { role = "analyst", name = "matrix" }),
            403, 201, 403, 403, 403),
        new("ListKeys", HttpMethod.Get, _ => "/api/admin/keys", null, 403, 200, 403, 403, 403),
        new("RevokeKey", HttpMethod.Delete, _ => "/api/admin/keys/0000000000000000", null, 403, 404, 403, 403, 403),
        new("PutPrincipal", HttpMethod.Put, _ => $"/api/admin/principals/{PrincipalId}",
            _ => JsonContent.Create(new { role = "analyst", name = "matrix" }), 403, 201, 403, 403, 403),
        new("ListPrincipals", HttpMethod.Get, _ => "/api/admin/principals", null, 403, 200, 403, 403, 403),
        new("DeletePrincipal", HttpMethod.Delete, _ => $"/api/admin/principals/{PrincipalId}", null, 403, 204, 403, 403, 403),
        new("ListTenders", HttpMethod.Get, _ => "/api/tenders", null, 200, 200, 403, 403, 403),
        new("GetTender", HttpMethod.Get, w => $"/api/tenders/{w.Tender}", null, 200, 200, 200, 200, 403),
        new("GetTenderTemplate", HttpMethod.Get, w => $"/api/tenders/{w.Tender}/template", null, 200, 200, 200, 200, 403),
        new("PutTender", HttpMethod.Put, w => $"/api/tenders/{w.Tender}", w => Http.Json(w.TenderJson), 403, 200, 403, 403, 403),
        new("UploadBid", HttpMethod.Post, w => $"/api/tenders/{w.Tender}/bids", w => TestFormats.Xlsx(w.OwnBid(70m + NextFraction())), 201, 201, 201, 403, 403),
        new("ListBids", HttpMethod.Get, w => $"/api/tenders/{w.Tender}/lots/AMB/bids", null, 200, 200, 403, 403, 403),
        new("GetBid", HttpMethod.Get, w => $"/api/tenders/{w.Tender}/lots/AMB/bids/{World.Own}", null, 200, 200, 200, 403, 403),
        new("ExportBids", HttpMethod.Get, w => $"/api/tenders/{w.Tender}/lots/AMB/export", null, 200, 200, 403, 403, 403),
        new("ReanalyseBids", HttpMethod.Post, w => $"/api/tenders/{w.Tender}/analyses", null, 200, 200, 403, 403, 403),
        // Consultations: B is open, A closed with published answers (see ConsultationsAsync). The admin's POST bodies are
        // refused (400) where a success would change what later rows expect; a provider reaches its own reactions only.
        new("OpenConsultation", HttpMethod.Post, w => w.Consultations, _ => Http.Json("{}"), 403, 400, 403, 403, 403),
        new("ListConsultations", HttpMethod.Get, w => w.Consultations, null, 200, 200, 200, 200, 403),
        new("GetConsultation", HttpMethod.Get, w => $"{w.Consultations}/{w.ConsultationB}", null, 200, 200, 200, 200, 403),
        new("ExtendConsultation", HttpMethod.Put, w => $"{w.Consultations}/{w.ConsultationB}",
            _ => JsonContent.Create(new { deadline = DateTimeOffset.UtcNow.AddDays(60).ToString("yyyy-MM-dd'T'HH:mm'Z'") }), 403, 200, 403, 403, 403),
        new("CloseConsultation", HttpMethod.Post, w => $"{w.Consultations}/{w.ConsultationA}/close", null, 403, 200, 403, 403, 403),
        new("AddReaction", HttpMethod.Post, w => $"{w.Consultations}/{w.ConsultationB}/reactions", _ => JsonContent.Create(new { text = "Matrix." }),
            400, 400, 201, 201, 403),
        new("ListReactions", HttpMethod.Get, w => $"{w.Consultations}/{w.ConsultationB}/reactions", null, 200, 200, 200, 200, 403),
        new("ExportReactions", HttpMethod.Get, w => $"{w.Consultations}/{w.ConsultationB}/reactions/export", null, 200, 200, 403, 403, 403),
        new("EditReaction", HttpMethod.Put, w => $"{w.Consultations}/{w.ConsultationB}/reactions/{w.OwnReaction}",
            _ => JsonContent.Create(new { text = "Gewijzigd." }), 403, 403, 200, 403, 403),
        new("WithdrawReaction", HttpMethod.Delete, w => $"{w.Consultations}/{w.ConsultationB}/reactions/{w.OwnReactionToWithdraw}", null,
            403, 403, 204, 403, 403),
        new("AnswerReaction", HttpMethod.Put, w => $"{w.Consultations}/{w.ConsultationA}/reactions/{w.AnsweredReaction}/answer",
            _ => JsonContent.Create(new { publicQuestion = "Is het tarief te laag?", answer = "Nee.", outcome = "unchanged" }), 200, 200, 403, 403, 403),
        new("PublishAnswers", HttpMethod.Post, w => $"{w.Consultations}/{w.ConsultationA}/publication", null, 403, 200, 403, 403, 403),
        new("GetAnswers", HttpMethod.Get, w => $"{w.Consultations}/{w.ConsultationA}/answers", null, 200, 200, 200, 200, 403),
        new("ExportAnswers", HttpMethod.Get, w => $"{w.Consultations}/{w.ConsultationA}/answers/export", null, 200, 200, 200, 200, 403),
        new("FinaliseConsultation", HttpMethod.Post, w => $"{w.Consultations}/{w.ConsultationA}/finalisation", _ => Http.Json("{}"),
            403, 400, 403, 403, 403),
        new("GetConsultationChanges", HttpMethod.Get, w => $"{w.Consultations}/{w.ConsultationA}/changes", null, 409, 409, 403, 403, 403),
        new("CloseConsultations", HttpMethod.Post, _ => "/CloseConsultations", _ => Timer(), 403, 200, 403, 403, 200),
        new("ListAudit", HttpMethod.Get, w => $"/api/admin/audit?round={w.Round}", null, 403, 200, 403, 403, 403),
    ];

    [Fact]
    public void The_matrix_covers_every_function_of_the_app()
    {
        var functions = ContractTests.Functions(Repo.AppSourceDirectory).Select(f => f.Name).ToHashSet();
        Assert.Equal(functions.Order(), Matrix.Select(c => c.Function).ToHashSet().Order());
    }

    [Fact]
    public async Task Every_route_answers_every_role_as_the_matrix_says_and_providers_never_see_another_agb()
    {
        var world = await WorldAsync();
        var keys = new Dictionary<Caller, string>
        {
            [Caller.Analyst] = world.Analyst, [Caller.Admin] = fixture.Key, [Caller.Provider] = world.Provider,
            [Caller.OtherProvider] = world.OtherProvider, [Caller.Scheduler] = world.Scheduler,
        };
        var failures = new List<string>();
        foreach (var call in Matrix)
        {
            foreach (var caller in new[] { Caller.Analyst, Caller.Provider, Caller.OtherProvider, Caller.Scheduler, Caller.Admin })
            {
                using var client = fixture.ClientWith(keys[caller]);
                using var request = new HttpRequestMessage(call.Method, call.Path(world)) { Content = call.Body?.Invoke(world) };
                using var response = await client.SendAsync(request);
                var bytes = await response.Content.ReadAsByteArrayAsync();
                var what = $"{call.Function} {call.Method} {call.Path(world)} as {caller}";
                if ((int)response.StatusCode != call.Expected(caller))
                    failures.Add($"{what}: {(int)response.StatusCode}, expected {call.Expected(caller)}: {Encoding.UTF8.GetString(bytes.Take(300).ToArray())}");
                if ((int)response.StatusCode == 403)
                {
                    using var problem = new HttpResponseMessage(response.StatusCode) { Content = Copy(bytes, response) };
                    problem.Headers.Add("X-Correlation-Id", response.Headers.GetValues("X-Correlation-Id"));
                    await Http.AssertProblemAsync(problem, HttpStatusCode.Forbidden);
                }
                if (caller is Caller.Provider or Caller.OtherProvider && call.Function is not ("OpenApiDocument" or "ApiReference" or "StaticFiles" or "AddinManifest"))
                {
                    var own = caller == Caller.Provider ? World.Own : World.Other;
                    foreach (var agb in TestFormats.Agbs.Where(a => a != own))
                        if (Text(bytes, response).Contains(agb)) failures.Add($"{what}: the answer holds AGB-code {agb}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The body as text; an .xlsx is unzipped so its sheets are scanned too.</summary>
    private static string Text(byte[] bytes, HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType?.Contains("spreadsheetml") != true) return Encoding.UTF8.GetString(bytes);
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
        return string.Concat(zip.Entries.Select(e => new StreamReader(e.Open()).ReadToEnd()));
    }

    private static ByteArrayContent Copy(byte[] bytes, HttpResponseMessage response)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = response.Content.Headers.ContentType;
        return content;
    }

    [Fact]
    public async Task A_provider_uploading_another_agbs_format_is_refused_and_nothing_is_stored()
    {
        var world = await WorldAsync();
        var before = await GetJsonAsync(fixture.Client, $"/api/rounds/{world.Round}/formats/{World.Other}/versions");
        using var provider = fixture.ClientWith(world.Provider);
        var file = TestFormats.Build(TestFormats.RoundJson(world.Round), TestFormats.Provider(world.Round, 1));
        var problem = await Http.AssertProblemAsync(await provider.PostAsync($"/api/rounds/{world.Round}/formats", TestFormats.Xlsx(file)),
            HttpStatusCode.Forbidden, "agb-mismatch");
        Assert.Contains(World.Own, problem.GetProperty("detail").GetString());
        var after = await GetJsonAsync(fixture.Client, $"/api/rounds/{world.Round}/formats/{World.Other}/versions");
        Assert.Equal(before.GetArrayLength(), after.GetArrayLength());
    }

    [Fact]
    public async Task A_provider_reads_a_final_snapshot_as_published_and_no_concept()
    {
        var world = await WorldAsync();
        using var provider = fixture.ClientWith(world.Provider);
        var snapshot = await GetJsonAsync(provider, $"/api/rounds/{world.Round}/snapshots/{world.Final}");
        Assert.Equal("final", snapshot.GetProperty("status").GetString());
        Assert.NotEmpty(snapshot.GetProperty("tariffs").EnumerateArray());
        Assert.NotEmpty(snapshot.GetProperty("norms").EnumerateArray());
        Assert.All(snapshot.GetProperty("tariffs").EnumerateArray(), t => Assert.False(t.TryGetProperty("spread", out _)));
        Assert.All(snapshot.GetProperty("norms").EnumerateArray(), n => Assert.False(n.TryGetProperty("excluded", out _)));
        var formats = snapshot.GetProperty("formats").EnumerateArray().ToList();
        Assert.Equal(World.Own, Assert.Single(formats).GetProperty("agb").GetString());
        var text = snapshot.GetRawText();
        Assert.All(World.NotOwn, agb => Assert.DoesNotContain(agb, text));

        // The analyst's document of the same snapshot does name the others (so the scan above can fail).
        var full = (await GetJsonAsync(fixture.Client, $"/api/rounds/{world.Round}/snapshots/{world.Final}")).GetRawText();
        Assert.All(World.NotOwn, agb => Assert.Contains(agb, full));
        Assert.Contains("excluded", full);

        await Http.AssertProblemAsync(await provider.GetAsync($"/api/rounds/{world.Round}/snapshots/{world.Concept}"),
            HttpStatusCode.Forbidden, "snapshot-not-final");
        var list = await GetJsonAsync(provider, $"/api/rounds/{world.Round}/snapshots");
        var only = Assert.Single(list.EnumerateArray());
        Assert.Equal(world.Final, only.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, only.GetProperty("summary").ValueKind);
    }

    [Fact]
    public async Task Keys_are_random_shown_once_listed_without_secret_and_a_revoked_key_is_refused_at_once()
    {
        var world = await WorldAsync();
        var response = await fixture.Client.PostAsJsonAsync("/api/admin/keys", new { role = "provider", agb = World.Own, name = "Zorg BV" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var issued = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var key = issued.GetProperty("key").GetString()!;
        var id = issued.GetProperty("id").GetString()!;
        Assert.Matches("^ik_[A-Za-z0-9_-]{43}$", key); // 256 bits, URL-safe
        Assert.Equal("provider", issued.GetProperty("role").GetString());
        Assert.Equal(World.Own, issued.GetProperty("agb").GetString());
        Assert.Equal("Zorg BV", issued.GetProperty("name").GetString());
        Assert.True(issued.TryGetProperty("createdAt", out _));

        var listed = await fixture.Client.GetStringAsync("/api/admin/keys");
        Assert.DoesNotContain(key, listed);
        Assert.DoesNotContain(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key))), listed);
        Assert.Contains(id, listed);

        using var provider = fixture.ClientWith(key);
        Assert.Equal(HttpStatusCode.OK, (await provider.GetAsync($"/api/rounds/{world.Round}/formats/{World.Own}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Client.DeleteAsync($"/api/admin/keys/{id}")).StatusCode);
        var refused = await Http.AssertProblemAsync(await provider.GetAsync($"/api/rounds/{world.Round}/formats/{World.Own}"),
            HttpStatusCode.Unauthorized, "unauthorized");
        // The same answer as for a key that never existed: nobody learns which keys were once valid.
        using var unknown = fixture.ClientWith(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'));
        var never = await Http.AssertProblemAsync(await unknown.GetAsync($"/api/rounds/{world.Round}/formats/{World.Own}"),
            HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(never.GetProperty("detail").GetString(), refused.GetProperty("detail").GetString());
        var revoked = (await GetJsonAsync(fixture.Client, "/api/admin/keys")).EnumerateArray().Single(k => k.GetProperty("id").GetString() == id);
        Assert.NotEqual(JsonValueKind.Null, revoked.GetProperty("revokedAt").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Client.DeleteAsync($"/api/admin/keys/{id}")).StatusCode);
        await Http.AssertProblemAsync(await fixture.Client.DeleteAsync("/api/admin/keys/ffffffffffffffff"), HttpStatusCode.NotFound, "key-not-found");
    }

    [Theory]
    [InlineData("""{ "role": "provider", "name": "zonder AGB" }""", "invalid-agb")]
    [InlineData("""{ "role": "provider", "agb": "1234", "name": "te kort" }""", "invalid-agb")]
    [InlineData("""{ "role": "analyst", "agb": "12345678", "name": "analist met AGB" }""", "bad-request")]
    [InlineData("""{ "role": "root", "name": "geen rol" }""", "invalid-role")]
    [InlineData("""{ "role": "analyst" }""", "bad-request")]
    [InlineData("""{ "role": "analyst", "name": "  " }""", "bad-request")]
    public async Task A_key_request_that_does_not_fit_its_role_is_400(string body, string code)
    {
        await Http.AssertProblemAsync(await fixture.Client.PostAsync("/api/admin/keys", Http.Json(body)), HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Without_a_valid_key_every_protected_route_is_401_and_unknown_routes_are_404_with_one()
    {
        var world = await WorldAsync();
        // Under the host, paths outside /api are the host's own calls (next test).
        var protectedCalls = Matrix.Where(c => c.Function is not ("Health" or "HealthReady" or "OpenApiDocument" or "ApiReference" or "StaticFiles" or "AddinManifest")
                                                && c.Path(world).StartsWith("/api/"));
        foreach (var call in protectedCalls)
        {
            using var request = new HttpRequestMessage(call.Method, call.Path(world)) { Content = call.Body?.Invoke(world) };
            await Http.AssertProblemAsync(await fixture.Anonymous.SendAsync(request), HttpStatusCode.Unauthorized, "unauthorized");
        }
        using var provider = fixture.ClientWith(world.Provider);
        await Http.AssertProblemAsync(await provider.GetAsync("/api/nope"), HttpStatusCode.NotFound, "route-not-found");
    }

    [Fact]
    public async Task Under_the_functions_host_a_timer_call_without_a_key_is_the_hosts_own_and_a_provider_key_still_is_refused()
    {
        var world = await WorldAsync();
        Assert.Equal(HttpStatusCode.OK, (await fixture.Anonymous.PostAsync("/RecalculateTariffs", Timer())).StatusCode);
        using var provider = fixture.ClientWith(world.Provider);
        await Http.AssertProblemAsync(await provider.PostAsync("/RecalculateTariffs", Timer()), HttpStatusCode.Forbidden, "forbidden");
        var audit = await GetJsonAsync(fixture.Client, "/api/admin/audit?round=-&limit=50");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "timer-recalculate"
            && e.GetProperty("caller").GetString() == "functions-host" && e.GetProperty("role").GetString() == "scheduler");
    }

    [Fact]
    public async Task Each_action_leaves_an_audit_entry_newest_first()
    {
        var world = await WorldAsync();
        var round = AppFixture.NewRoundId("aud");
        await fixture.Client.PutAsync($"/api/rounds/{round}", Http.Json(TestFormats.RoundJson(round)));
        using var provider = fixture.ClientWith(world.Provider);
        using var other = fixture.ClientWith(world.OtherProvider);
        using var analyst = fixture.ClientWith(world.Analyst);
        var file = TestFormats.Build(TestFormats.RoundJson(round), TestFormats.Provider(round, 0));
        Assert.Equal(HttpStatusCode.Created, (await provider.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(file))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostAsync($"/api/rounds/{round}/formats", TestFormats.Xlsx(file))).StatusCode);
        var snapshot = JsonDocument.Parse(await (await analyst.PostAsync($"/api/rounds/{round}/recalculations", null)).Content.ReadAsStringAsync())
            .RootElement.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync($"/api/rounds/{round}/snapshots/{snapshot}/final", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.PostAsync($"/api/rounds/{round}/snapshots/{snapshot}/final", null)).StatusCode);

        var entries = (await GetJsonAsync(fixture.Client, $"/api/admin/audit?round={round}")).EnumerateArray().ToList();
        var actions = entries.Select(e => $"{e.GetProperty("action").GetString()} {e.GetProperty("role").GetString()} {e.GetProperty("outcome").GetString()} {e.GetProperty("status").GetInt32()}").ToList();
        Assert.Equal(
        [
            "finalise admin success 200", "finalise analyst refused 403", "recalculate analyst success 201",
            "upload provider refused 403", "upload provider success 201", "round-configuration admin success 201",
        ], actions);
        var times = entries.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        var upload = entries[4];
        Assert.Equal($"key:{world.ProviderKeyId}", upload.GetProperty("caller").GetString());
        Assert.Equal(World.Own, upload.GetProperty("agb").GetString());
        Assert.Equal(round, upload.GetProperty("round").GetString());
        Assert.StartsWith($"agb {World.Own} versie 1", upload.GetProperty("target").GetString());
        Assert.False(string.IsNullOrEmpty(upload.GetProperty("remoteAddress").GetString()));
        Assert.Equal($"agb {World.Own}", entries[3].GetProperty("target").GetString()); // the refused file's AGB-code, not stored
        Assert.Equal("admin-key", entries[0].GetProperty("caller").GetString());

        // Keys issued and revoked are audited outside any round.
        var (id, _) = await fixture.IssueKeyAsync("analyst", name: "audit-check");
        await fixture.Client.DeleteAsync($"/api/admin/keys/{id}");
        var keys = (await GetJsonAsync(fixture.Client, "/api/admin/audit?round=-&limit=20")).EnumerateArray()
            .Where(e => e.GetProperty("target").GetString()?.Contains(id) == true || e.GetProperty("path").GetString()!.EndsWith(id)).ToList();
        Assert.Equal(["key-revoked", "key-issued"], keys.Select(e => e.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task Behind_app_service_authentication_a_mapped_principal_gets_its_role_and_an_unmapped_one_none()
    {
        var world = await WorldAsync();
        var mapped = Guid.NewGuid().ToString("D");
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client.PutAsJsonAsync($"/api/admin/principals/{mapped}",
            new { role = "provider", agb = World.Own, name = "Zorg BV (gast)" })).StatusCode);
        using var app = await FunctionApp.StartAsync(new Dictionary<string, string?>
        {
            ["Storage__ConnectionString"] = fixture.Azurite.ConnectionString,
            ["Auth__TrustAppServiceAuthentication"] = "true",
            ["Auth__CredentialCache"] = "00:00:02",
            ["Timers__RunLocally"] = "false",
        });
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        HttpRequestMessage As(string objectId, string path) => new(HttpMethod.Get, path)
        {
            Headers = { { "X-MS-CLIENT-PRINCIPAL", Principal(objectId) } },
        };

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(As(mapped, $"/api/rounds/{world.Round}/formats/{World.Own}"))).StatusCode);
        await Http.AssertProblemAsync(await client.SendAsync(As(mapped, $"/api/rounds/{world.Round}/formats/{World.Other}")),
            HttpStatusCode.Forbidden, "agb-mismatch");
        await Http.AssertProblemAsync(await client.SendAsync(As(mapped, $"/api/rounds/{world.Round}/formats")), HttpStatusCode.Forbidden, "forbidden");
        await Http.AssertProblemAsync(await client.SendAsync(As(Guid.NewGuid().ToString("D"), "/api/rounds")), HttpStatusCode.Forbidden, "no-role");
        using (var garbage = new HttpRequestMessage(HttpMethod.Get, "/api/rounds") { Headers = { { "X-MS-CLIENT-PRINCIPAL", "not base64 {" } } })
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(garbage)).StatusCode);

        // The fixture's app does not run behind App Service Authentication: the header is anybody's, so it counts for nothing.
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Anonymous.SendAsync(As(mapped, "/api/rounds"))).StatusCode);

        // Removed on another instance (the fixture's app): this one believes what it read for at most Auth:CredentialCache.
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Client.DeleteAsync($"/api/admin/principals/{mapped}")).StatusCode);
        var removed = System.Diagnostics.Stopwatch.StartNew();
        while ((await client.SendAsync(As(mapped, "/api/rounds"))).StatusCode == HttpStatusCode.OK)
        {
            Assert.True(removed.Elapsed < TimeSpan.FromSeconds(2.5), "a removed principal still worked after the cache time");
            await Task.Delay(100);
        }
        await Http.AssertProblemAsync(await client.SendAsync(As(mapped, "/api/rounds")), HttpStatusCode.Forbidden, "no-role");
    }

    private static string Principal(string objectId) => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        auth_typ = "aad",
        claims = new[]
        {
            new { typ = "http://schemas.microsoft.com/identity/claims/objectidentifier", val = objectId },
            new { typ = "name", val = "Gast" },
        },
        name_typ = "name",
        role_typ = "roles",
    })));

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
