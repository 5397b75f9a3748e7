using Inkoop.Domain.Consultations;

namespace Inkoop.Tests.Consultations;

public sealed class DutchTimeTests
{
    [Theory]
    [InlineData("2025-10-23T17:00", "2025-10-23T15:00:00+00:00")]        // summer time: +02:00
    [InlineData("2025-11-23 17:00", "2025-11-23T16:00:00+00:00")]        // winter time: +01:00
    [InlineData("2025-10-23T17:00:30", "2025-10-23T15:00:30+00:00")]
    [InlineData("2025-10-23T17:00Z", "2025-10-23T17:00:00+00:00")]
    [InlineData("2025-10-23T17:00+02:00", "2025-10-23T15:00:00+00:00")]
    [InlineData("2025-10-26T02:30", "2025-10-26T00:30:00+00:00")]        // the repeated hour: the first, summer-time one
    public void A_deadline_without_offset_is_dutch_wall_clock_time(string text, string utc)
    {
        Assert.True(DutchTime.TryParse(text, out var instant, out var error), error);
        Assert.Equal(DateTimeOffset.Parse(utc), instant);
        Assert.Equal(TimeSpan.Zero, instant.Offset);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("23-10-2025 17:00")]
    [InlineData("2025-10-23")]
    [InlineData("2025-02-30T10:00")]
    [InlineData("2025-10-23T25:00")]
    [InlineData("2025-03-30T02:30")]                                      // skipped when summer time starts
    [InlineData("2025-10-23T17:00+15:00")]
    [InlineData("2025-10-23T17:00<script>")]
    public void A_deadline_that_is_no_dutch_date_and_time_is_refused_in_dutch(string? text)
    {
        Assert.False(DutchTime.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void A_deadline_reads_as_a_dutch_day_date_and_time()
    {
        Assert.Equal("donderdag 23 oktober 2025 om 17:00", DutchTime.Format(DateTimeOffset.Parse("2025-10-23T15:00:00Z")));
        Assert.Equal("zondag 23 november 2025 om 09:05", DutchTime.Format(DateTimeOffset.Parse("2025-11-23T08:05:00Z")));
        Assert.Equal(TimeSpan.FromHours(2), DutchTime.InDutchTime(DateTimeOffset.Parse("2025-10-23T15:00:00Z")).Offset);
    }
}

public sealed class ConsultationRulesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2025-10-16T08:00:00Z");
    private static readonly DateTimeOffset Deadline = DateTimeOffset.Parse("2025-10-23T15:00:00Z");
    private static Consultation Open() => new("jeugd-2025", "c1", "s1", Deadline, "Reageer schriftelijk.", Now);

    [Fact]
    public void Reactions_are_accepted_until_the_deadline_by_the_clock_and_not_once_closed()
    {
        var c = Open();
        Assert.True(c.AcceptsReactionsAt(Deadline.AddTicks(-1)));
        Assert.Equal(ConsultationStatus.Open, c.StatusAt(Now));
        Assert.False(c.AcceptsReactionsAt(Deadline));
        Assert.Equal(ConsultationStatus.Closed, c.StatusAt(Deadline));
        var closed = c.ClosedAtTime(Now.AddDays(1));
        Assert.False(closed.AcceptsReactionsAt(Now.AddDays(1)));
        Assert.Equal(ClosedBy.Admin, closed.ClosedBy);
    }

    [Fact]
    public void Closing_after_the_deadline_records_the_deadline_and_closing_again_changes_nothing()
    {
        var closed = Open().ClosedAtTime(Deadline.AddHours(3));
        Assert.Equal(Deadline, closed.ClosedAt);
        Assert.Equal(ClosedBy.Deadline, closed.ClosedBy);
        Assert.Same(closed, closed.ClosedAtTime(Deadline.AddDays(2)));
    }

    [Fact]
    public void A_deadline_must_lie_ahead_and_within_a_year()
    {
        Assert.Null(ConsultationRules.CheckDeadline(Deadline, Now));
        Assert.Equal("deadline-passed", ConsultationRules.CheckDeadline(Now, Now)!.Code);
        Assert.Equal("deadline-too-far", ConsultationRules.CheckDeadline(Now.AddDays(400), Now)!.Code);
    }

    [Fact]
    public void Extending_moves_the_deadline_later_while_open_only()
    {
        var c = Open();
        Assert.Null(ConsultationRules.CheckExtension(c, Deadline.AddDays(2), Now));
        Assert.Equal("deadline-not-later", ConsultationRules.CheckExtension(c, Deadline.AddHours(-1), Now)!.Code);
        var late = ConsultationRules.CheckExtension(c, Deadline.AddDays(2), Deadline.AddMinutes(1))!;
        Assert.Equal(("consultation-closed", RefusalKind.Conflict), (late.Code, late.Kind));
        Assert.Contains("donderdag 23 oktober 2025 om 17:00", late.Message);
        Assert.Equal("consultation-closed", ConsultationRules.CheckExtension(c.ClosedAtTime(Now), Deadline.AddDays(2), Now)!.Code);
    }
}

public sealed class ReactionRulesTests
{
    private static readonly string[] Products = ["45A11", "41D12"];
    private static readonly string[] Variables = ["Verzuim", "Brutojaarsalaris", "Brutojaarsalaris[WO]"];
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2025-10-16T08:00:00Z");

    [Fact]
    public void A_reaction_is_about_a_product_and_variable_of_the_concept_spelled_as_the_concept_does()
    {
        var (draft, refusal) = ReactionRules.Check(" 45a11 ", "brutojaarsalaris[wo]", "  Het salaris WO ligt\r\nte laag.  ", Products, Variables);
        Assert.Null(refusal);
        Assert.Equal(new ReactionRules.Draft("45A11", "Brutojaarsalaris[WO]", "Het salaris WO ligt\nte laag."), draft);
        Assert.Equal(new ReactionRules.Draft(null, null, "Algemeen."), ReactionRules.Check(null, "", "Algemeen.", Products, Variables).Draft);
    }

    [Theory]
    [InlineData("99X99", null, "tekst", "unknown-product")]
    [InlineData(null, "Huur", "tekst", "unknown-variable")]
    [InlineData(null, null, "   ", "invalid-reaction")]
    [InlineData(null, null, null, "invalid-reaction")]
    [InlineData(null, null, "bel\u0007", "invalid-reaction")]
    public void A_reaction_about_nothing_in_the_concept_or_without_plain_text_is_refused(string? product, string? variable, string? text, string code)
    {
        var (draft, refusal) = ReactionRules.Check(product, variable, text, Products, Variables);
        Assert.Null(draft);
        Assert.Equal((RefusalKind.Invalid, code), (refusal!.Kind, refusal.Code));
    }

    [Fact]
    public void The_text_is_capped_and_markup_is_kept_as_text()
    {
        Assert.Equal("invalid-reaction", ReactionRules.Check(null, null, new string('a', ReactionRules.MaxTextLength + 1), Products, Variables).Refusal!.Code);
        Assert.NotNull(ReactionRules.Check(null, null, new string('a', ReactionRules.MaxTextLength), Products, Variables).Draft);
        Assert.Equal("<b>vet</b> & <script>x</script>", ReactionRules.Check(null, null, "<b>vet</b> & <script>x</script>", Products, Variables).Draft!.Text);
    }

    [Fact]
    public void An_answer_needs_a_public_question_an_answer_and_one_of_three_outcomes()
    {
        var (answer, refusal) = ReactionRules.CheckAnswer(" Is het salaris te laag? ", "Nee, de cao is gevolgd.", "unchanged", Now, "key:a");
        Assert.Null(refusal);
        Assert.Equal(new ReactionAnswer("Is het salaris te laag?", "Nee, de cao is gevolgd.", "unchanged", Now, "key:a"), answer);
        Assert.Equal("invalid-outcome", ReactionRules.CheckAnswer("v", "a", "rejected", Now, "x").Refusal!.Code);
        Assert.Equal("invalid-outcome", ReactionRules.CheckAnswer("v", "a", null, Now, "x").Refusal!.Code);
        Assert.Equal("invalid-answer", ReactionRules.CheckAnswer("", "a", "changed", Now, "x").Refusal!.Code);
        Assert.Equal("invalid-answer", ReactionRules.CheckAnswer("v", new string('a', ReactionRules.MaxAnswerLength + 1), "changed", Now, "x").Refusal!.Code);
    }

    [Fact]
    public void Only_the_writer_changes_a_reaction_and_only_while_open_and_not_withdrawn()
    {
        var c = new Consultation("r", "c", "s", Now.AddDays(7), "", Now);
        var reaction = new Reaction("r", "c", "x", "12345678", [new ReactionVersion(1, null, null, "t", Now, "key:p")]);
        Assert.Null(ReactionRules.CheckChange(c, reaction, "12345678", Now));
        Assert.Equal((RefusalKind.Forbidden, "agb-mismatch"), Pair(ReactionRules.CheckChange(c, reaction, "23456789", Now)));
        Assert.Equal((RefusalKind.Conflict, "consultation-closed"), Pair(ReactionRules.CheckChange(c, reaction, "12345678", Now.AddDays(7))));
        Assert.Equal((RefusalKind.Conflict, "reaction-withdrawn"),
            Pair(ReactionRules.CheckChange(c, reaction with { WithdrawnAt = Now }, "12345678", Now)));
    }

    private static (RefusalKind, string) Pair(Refusal? r) => (r!.Kind, r.Code);
}

public sealed class AnswerListTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2025-10-24T08:00:00Z");

    private static Reaction React(string agb, string? product, string? variable, string text, ReactionAnswer? answer, bool withdrawn = false) =>
        new("r", "c", Guid.NewGuid().ToString("N"), agb,
            [new ReactionVersion(1, "41D12", null, "eerste versie", Now.AddDays(-3), "key:p"), new ReactionVersion(2, product, variable, text, Now.AddDays(-2), "key:p")])
        {
            Answer = answer, WithdrawnAt = withdrawn ? Now.AddDays(-1) : null,
        };

    private static ReactionAnswer A(string q, string a, string outcome) => new(q, a, outcome, Now, "key:a");

    [Fact]
    public void The_list_holds_the_answered_reactions_summaries_in_a_fixed_order_without_the_providers_words()
    {
        var reactions = new[]
        {
            React("12345678", "45A11", null, "Wij van Zorg Oost vinden het te laag", A("Is het tarief te laag?", "Ja, aangepast.", "changed")),
            React("23456789", null, null, "Algemene klacht", A("Waarom deze planning?", "Zo is het proces.", "explained")),
            React("34567890", null, "Verzuim", "Ons verzuim is 9%", null),
            React("45678901", "45A11", null, "Ingetrokken", A("X?", "Y.", "unchanged"), withdrawn: true),
            React("56789012", "45A11", null, "Zelfde vraag", A("Is het tarief te laag?", "Ja, aangepast.", "changed")),
        };
        var list = AnswerList.Of(reactions);
        Assert.Equal(
        [
            new PublishedAnswer("Waarom deze planning?", "Zo is het proces.", "explained", null, null),
            new PublishedAnswer("Is het tarief te laag?", "Ja, aangepast.", "changed", "45A11", null),
        ], list);
        var text = string.Join("|", list.Select(a => $"{a.PublicQuestion}{a.Answer}"));
        Assert.DoesNotContain("Zorg Oost", text);
        Assert.DoesNotContain("eerste versie", text);
    }

    [Fact]
    public void Entries_that_name_a_provider_by_agb_code_or_name_are_found_whatever_case_and_spacing()
    {
        var answers = new[]
        {
            new PublishedAnswer("Is het tarief te laag?", "Nee.", "unchanged", null, null),
            new PublishedAnswer("Vraag van 12345678", "Nee.", "unchanged", null, null),
            new PublishedAnswer("Vraag", "Wij spraken met ZORG   oost bv.", "explained", null, null),
            new PublishedAnswer("Vraag over De", "Nee.", "unchanged", null, null),
        };
        var providers = new[] { new ProviderIdentity("12345678", "Zorg Oost BV"), new ProviderIdentity("23456789", "De") };
        Assert.Equal([2, 3], AnswerList.Identifying(answers, providers));
    }

    [Fact]
    public void Changed_answers_link_to_their_product_their_norm_or_to_the_advice_in_general()
    {
        var answers = new[]
        {
            new PublishedAnswer("q1", "a", "changed", "45A11", null),
            new PublishedAnswer("q2", "a", "unchanged", "45A11", null),
            new PublishedAnswer("q3", "a", "changed", null, "Brutojaarsalaris[WO]"),
            new PublishedAnswer("q4", "a", "changed", null, "Brutojaarsalaris"),
            new PublishedAnswer("q5", "a", "changed", null, null),
        };
        Assert.Equal(["q1"], AnswerList.ChangedAboutProduct(answers, "45a11").Select(a => a.PublicQuestion));
        Assert.Equal(["q3", "q4"], AnswerList.ChangedAboutNorm(answers, "Brutojaarsalaris", "WO").Select(a => a.PublicQuestion));
        Assert.Equal(["q4"], AnswerList.ChangedAboutNorm(answers, "Brutojaarsalaris", "HBO").Select(a => a.PublicQuestion));
        Assert.Equal(["q5"], AnswerList.ChangedInGeneral(answers).Select(a => a.PublicQuestion));
    }
}

public sealed class OwnPositionTests
{
    [Theory]
    [InlineData(0.05, 0.06, "below")]
    [InlineData(0.06, 0.06, "equal")]
    [InlineData(0.07, 0.06, "above")]
    public void An_own_figure_stands_below_at_or_above_the_norm(double own, double norm, string position) =>
        Assert.Equal(position, OwnPosition.Of((decimal)own, (decimal)norm));

    [Fact]
    public void Without_either_figure_there_is_no_position()
    {
        Assert.Null(OwnPosition.Of(null, 1m));
        Assert.Null(OwnPosition.Of(1m, null));
    }
}
