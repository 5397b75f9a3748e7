namespace Inkoop.Domain.Consultations;

/// <summary>
/// A market consultation (marktconsultatie) on a concept snapshot: providers react in writing until
/// <see cref="Deadline"/>, the region answers every reaction and publishes the answers to all alike, then the final
/// advice follows. Open while it is not closed and the deadline (by the server's clock) has not passed.
/// </summary>
public sealed record Consultation(string Round, string Id, string Snapshot, DateTimeOffset Deadline, string Introduction, DateTimeOffset OpenedAt)
{
    /// <summary>When it stopped taking reactions: the moment an admin closed it, or its deadline.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary><see cref="ClosedBy.Admin"/> or <see cref="ClosedBy.Deadline"/>.</summary>
    public string? ClosedBy { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>The final snapshot that followed this consultation, once finalised.</summary>
    public string? FinalSnapshot { get; init; }

    public DateTimeOffset? FinalisedAt { get; init; }

    /// <summary>True while providers may react, edit and withdraw: not closed, and <paramref name="now"/> before the deadline.</summary>
    public bool AcceptsReactionsAt(DateTimeOffset now) => ClosedAt is null && now < Deadline;

    /// <summary><c>open</c> or <c>closed</c> at <paramref name="now"/>: a passed deadline closes it, whether or not the timer has recorded that yet.</summary>
    public string StatusAt(DateTimeOffset now) => AcceptsReactionsAt(now) ? ConsultationStatus.Open : ConsultationStatus.Closed;

    /// <summary>Closed as it stands at <paramref name="now"/>: by its deadline when that passed, else by an admin now. Idempotent.</summary>
    public Consultation ClosedAtTime(DateTimeOffset now) => ClosedAt is not null ? this
        : now >= Deadline ? this with { ClosedAt = Deadline, ClosedBy = Consultations.ClosedBy.Deadline }
        : this with { ClosedAt = now, ClosedBy = Consultations.ClosedBy.Admin };
}

public static class ConsultationStatus
{
    public const string Open = "open";
    public const string Closed = "closed";
}

public static class ClosedBy
{
    public const string Admin = "admin";
    public const string Deadline = "deadline";
}

/// <summary>Why a consultation action is refused: a stable code and a Dutch message for the person who asked.</summary>
public sealed record Refusal(RefusalKind Kind, string Code, string Message);

/// <summary>What kind of refusal: bad input, something missing, not yours, or not possible in the present state.</summary>
public enum RefusalKind { Invalid, NotFound, Forbidden, Conflict }

/// <summary>The rules of opening, extending and closing a consultation, against a clock the caller passes in.</summary>
public static class ConsultationRules
{
    public const int MaxIntroductionLength = 4_000;

    /// <summary>A deadline further away than this is a typing error, not a consultation.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(366);

    public static Refusal Closed(Consultation c) => new(RefusalKind.Conflict, "consultation-closed",
        $"De marktconsultatie is gesloten (de termijn liep tot {DutchTime.Format(c.Deadline)}); reacties kunnen niet meer worden ingediend, gewijzigd of ingetrokken. Er is niets opgeslagen.");

    /// <summary>A new deadline: in the future, within a year.</summary>
    public static Refusal? CheckDeadline(DateTimeOffset deadline, DateTimeOffset now)
    {
        if (deadline <= now)
            return new(RefusalKind.Invalid, "deadline-passed", $"De termijn ({DutchTime.Format(deadline)}) ligt niet in de toekomst.");
        if (deadline - now > MaxDuration)
            return new(RefusalKind.Invalid, "deadline-too-far", $"De termijn ({DutchTime.Format(deadline)}) ligt meer dan een jaar vooruit.");
        return null;
    }

    /// <summary>The deadline of an open consultation moved later. Closed (or past its deadline): refused; earlier: refused (close it instead).</summary>
    public static Refusal? CheckExtension(Consultation c, DateTimeOffset deadline, DateTimeOffset now)
    {
        if (!c.AcceptsReactionsAt(now)) return Closed(c);
        if (deadline <= c.Deadline)
            return new(RefusalKind.Invalid, "deadline-not-later",
                $"De nieuwe termijn ({DutchTime.Format(deadline)}) ligt niet na de huidige ({DutchTime.Format(c.Deadline)}). Sluit de consultatie als ze eerder moet eindigen.");
        return CheckDeadline(deadline, now);
    }
}
