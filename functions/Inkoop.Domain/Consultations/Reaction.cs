namespace Inkoop.Domain.Consultations;

/// <summary>
/// A provider's written reaction (reactie) to a consultation, with every version it wrote (an edit is a new version;
/// the analysts see the history), whether it withdrew it, and the region's answer.
/// </summary>
public sealed record Reaction(string Round, string Consultation, string Id, string Agb, IReadOnlyList<ReactionVersion> Versions)
{
    public DateTimeOffset? WithdrawnAt { get; init; }
    public ReactionAnswer? Answer { get; init; }

    public ReactionVersion Latest => Versions[^1];
    public DateTimeOffset CreatedAt => Versions[0].At;
    public bool Withdrawn => WithdrawnAt is not null;
}

/// <summary>One version of a reaction: about a product, a variable or in general (both null), the text, when and by whom (caller id).</summary>
public sealed record ReactionVersion(int Version, string? Product, string? Variable, string Text, DateTimeOffset At, string By);

/// <summary>
/// The region's answer: <see cref="PublicQuestion"/> is the analysts' own anonymous summary of the reaction (the
/// provider's words are never published), <see cref="Answer"/> the reply, <see cref="Outcome"/> what it did to the advice.
/// </summary>
public sealed record ReactionAnswer(string PublicQuestion, string Answer, string Outcome, DateTimeOffset AnsweredAt, string By);

public static class AnswerOutcome
{
    public const string Unchanged = "unchanged";
    public const string Changed = "changed";
    public const string Explained = "explained";
    public static readonly IReadOnlyList<string> All = [Unchanged, Changed, Explained];
}

/// <summary>What a reaction may be about and say; checked against the concept snapshot it reacts to.</summary>
public static class ReactionRules
{
    public const int MaxTextLength = 4_000;
    public const int MaxPublicQuestionLength = 2_000;
    public const int MaxAnswerLength = 4_000;

    /// <summary>A reaction's content, cleaned: product and variable as the concept spells them (or null), the text.</summary>
    public sealed record Draft(string? Product, string? Variable, string Text);

    /// <summary>
    /// Checks a reaction against the concept: <paramref name="product"/> one of its products, <paramref name="variable"/>
    /// one of its normalised variables (<c>Verzuim</c>, or qualified <c>Brutojaarsalaris[WO]</c>), the text plain and
    /// at most <see cref="MaxTextLength"/> characters.
    /// </summary>
    public static (Draft? Draft, Refusal? Refusal) Check(string? product, string? variable, string? text,
        IReadOnlyCollection<string> products, IReadOnlyCollection<string> variables)
    {
        string? productCode = null, variableKey = null;
        if (!string.IsNullOrWhiteSpace(product))
        {
            productCode = products.FirstOrDefault(p => string.Equals(p, product.Trim(), StringComparison.OrdinalIgnoreCase));
            if (productCode is null)
                return (null, Invalid("unknown-product", $"Product '{Short(product)}' komt niet voor in de concepttarieven van deze consultatie."));
        }
        if (!string.IsNullOrWhiteSpace(variable))
        {
            variableKey = variables.FirstOrDefault(v => string.Equals(v, variable.Trim(), StringComparison.OrdinalIgnoreCase));
            if (variableKey is null)
                return (null, Invalid("unknown-variable", $"Variabele '{Short(variable)}' komt niet voor in de conceptnormen van deze consultatie."));
        }
        var (clean, error) = PlainText.Clean(text, "De reactie", MaxTextLength, required: true);
        return error is not null ? (null, Invalid("invalid-reaction", error)) : (new Draft(productCode, variableKey, clean!), null);
    }

    /// <summary>Checks an answer: both texts required and within their caps, the outcome one of <see cref="AnswerOutcome.All"/>.</summary>
    public static (ReactionAnswer? Answer, Refusal? Refusal) CheckAnswer(string? publicQuestion, string? answer, string? outcome,
        DateTimeOffset now, string by)
    {
        var (question, questionError) = PlainText.Clean(publicQuestion, "De publieke vraag (publicQuestion)", MaxPublicQuestionLength, required: true);
        if (questionError is not null) return (null, Invalid("invalid-answer", questionError));
        var (reply, replyError) = PlainText.Clean(answer, "Het antwoord (answer)", MaxAnswerLength, required: true);
        if (replyError is not null) return (null, Invalid("invalid-answer", replyError));
        if (outcome is null || !AnswerOutcome.All.Contains(outcome))
            return (null, Invalid("invalid-outcome", "outcome moet unchanged, changed of explained zijn."));
        return (new ReactionAnswer(question!, reply!, outcome, now, by), null);
    }

    /// <summary>Only the provider that wrote a reaction may change or withdraw it, and only while the consultation is open.</summary>
    public static Refusal? CheckChange(Consultation consultation, Reaction reaction, string agb, DateTimeOffset now)
    {
        if (reaction.Agb != agb)
            return new(RefusalKind.Forbidden, "agb-mismatch", "Deze reactie is van een andere organisatie; u kunt alleen uw eigen reacties wijzigen of intrekken.");
        if (!consultation.AcceptsReactionsAt(now)) return ConsultationRules.Closed(consultation);
        if (reaction.Withdrawn)
            return new(RefusalKind.Conflict, "reaction-withdrawn", "Deze reactie is ingetrokken; schrijf zo nodig een nieuwe.");
        return null;
    }

    private static Refusal Invalid(string code, string message) => new(RefusalKind.Invalid, code, message);

    private static string Short(string s) => new(s.Trim().Take(60).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
