using System.Globalization;
using Inkoop.Domain.Bids;
using Inkoop.Domain.Formats;
using Inkoop.Domain.Labels;
using Inkoop.Domain.Normalisation;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;

namespace Inkoop.Cli;

/// <summary>Readable tables for the terminal, in Dutch, for analysts.</summary>
public static class Report
{
    public static void Format(FormatOverview format, TextWriter o)
    {
        o.WriteLine($"{format.Source}: AGB {format.Agb ?? "?"}, {format.Name ?? "naam onbekend"}, status {DutchLabels.Of(LabelKind.FormatStatus, format.Status)}, {format.Errors} fout(en), {format.Warnings} waarschuwing(en)");
        if (format.Findings.Count == 0) return;
        Table(o, ["Ernst", "Code", "Cel", "Variabele", "Melding"],
            format.Findings.Select(f => new[] { DutchLabels.Of(LabelKind.Severity, f.Severity), f.Code, f.Cell ?? "", f.Variable ?? "", f.Message }));
    }

    public static void Tariffs(RoundConfiguration round, TariffResult result, IReadOnlyList<FormatOverview> formats, TextWriter o)
    {
        TariffTables($"Genormeerde tarieven {round.Name} ({round.Round})", result, o);
        o.WriteLine();
        Norms(result.Norms, o);
        o.WriteLine();
        Table(o, ["Bestand", "AGB", "Status", "Fouten", "Waarschuwingen"],
            formats.Select(f => new[] { f.Source, f.Agb ?? "", DutchLabels.Of(LabelKind.FormatStatus, f.Status), f.Errors.ToString(CultureInfo.InvariantCulture), f.Warnings.ToString(CultureInfo.InvariantCulture) }));
    }

    /// <summary>Per product its published tariff and the variables that move it most, with the lowest and highest tariff.</summary>
    public static void Sensitivity(RoundConfiguration round, SensitivityResult result, int shown, TextWriter o)
    {
        o.WriteLine($"Gevoeligheid van de tarieven {round.Name} ({round.Round}) voor de keuze van de statistiek");
        o.WriteLine($"Alternatieven: {string.Join(", ", result.Alternatives)}");
        if (result.Products.Count == 0) o.WriteLine("Geen product heeft een genormeerd tarief.");
        foreach (var product in result.Products)
        {
            o.WriteLine();
            o.WriteLine($"{product.Product}: tarief {Money(product.Tariff)}");
            Table(o, ["Variabele", "Gekozen", "Laagste", "Hoogste", "Bereik"], product.Variables.Take(shown).Select(v => new[]
            {
                v.Variable, v.Configured, Money(v.Low), Money(v.High), Money(v.Range),
            }));
        }
    }

    /// <summary>Every bid with its figures, then per lot the ranking.</summary>
    public static void Bids(TenderConfiguration tender, BidsReport report, TextWriter o)
    {
        o.WriteLine($"Inschrijvingen {tender.Name} ({tender.Tender})");
        Table(o, ["Bestand", "AGB", "Perceel", "Status", "Fouten", "Impliciete lumpsum", "Genormeerde waarde", "Gewogen afwijking", "Signalen"],
            report.Bids.Select(b => new[]
            {
                b.File, b.Agb ?? "", b.Lot ?? "", DutchLabels.Of(LabelKind.BidStatus, b.Status),
                b.Findings.Count(f => f.Severity == Severity.Error).ToString(CultureInfo.InvariantCulture),
                Money(b.ImpliedLumpsum), Money(b.NormalisedValue) + (b.NormalisedValueComplete || b.NormalisedValue is null ? "" : " (onvolledig)"),
                Percentage(b.WeightedDeviation),
                string.Join(", ", b.Lines.SelectMany(l => l.Flags).GroupBy(f => f).Select(g => $"{g.Count()} x {DutchLabels.Of(LabelKind.BidFlag, g.Key)}")),
            }));
        foreach (var lot in report.Lots)
        {
            o.WriteLine();
            o.WriteLine($"Rangorde perceel {lot.Code}");
            Table(o, ["Rang", "AGB", "Gewogen afwijking"],
                lot.Ranking.Select((r, i) => new[] { (i + 1).ToString(CultureInfo.InvariantCulture), r.Agb, Percentage(r.WeightedDeviation) }));
        }
    }

    /// <summary>Every norm with its provenance: statistic, n, benchmark, who was left out and why.</summary>
    public static void Norms(IReadOnlyList<Norm> norms, TextWriter o)
    {
        o.WriteLine("Normen");
        Table(o, ["Variabele", "Waarde", "Statistiek", "n", "Benchmark", "Uitgesloten", "Reden"],
            norms.Select(n => new[]
            {
                n.Qualifier is null ? n.Variable : $"{n.Variable} ({n.Qualifier})", NormValue(n), DutchLabels.Of(LabelKind.Statistic, n.Statistic),
                n.N.ToString(CultureInfo.InvariantCulture), n.BenchmarkUsed ? "ja" : "nee",
                string.Join(", ", n.Excluded.Select(e => $"{e.Agb} ({DutchLabels.Of(LabelKind.ExclusionReason, e.Reason)}{(e.Code is null ? "" : ": " + e.Code)})")),
                n.Reason ?? "",
            }));
    }

    private static string NormValue(Norm n) => n.Value is not { } v ? "-" : FormatSchema.KindOf(n.Variable) switch
    {
        ValueKind.Fraction => DutchNumber.Percent(v),
        ValueKind.Money => Money(v),
        _ => DutchNumber.Format(Math.Round(v, 4, MidpointRounding.AwayFromZero)),
    };

    internal static string Percentage(decimal? fraction) => fraction is { } f ? DutchNumber.Percent(f, 2) : "-";

    /// <summary>The tariffs with their spread, then the trajectories; with indexation the factors and the reference-year tariffs.</summary>
    public static void TariffTables(string title, TariffResult result, TextWriter o)
    {
        o.WriteLine(title);
        var indexed = result.Indexation is not null;
        if (result.Indexation is { } indexation) o.WriteLine(Indexation(indexation));
        // With indexation the reference-year tariff stands beside the published (indexed) one.
        string[] Beside(string[] cells, int tariff, string referenceYear) =>
            indexed ? [.. cells[..(tariff + 1)], referenceYear, .. cells[(tariff + 1)..]] : cells;
        Table(o, Beside(["Product", "Eenheid", "Tarief", "n", "Min", "Mediaan", "Max", "Reden"], 2, "Peiljaar"),
            result.Tariffs.Select(t => Beside(
            [
                t.Product, t.Unit, Money(t.Tariff), t.Spread.N.ToString(CultureInfo.InvariantCulture),
                Money(t.Spread.Min), Money(t.Spread.Median), Money(t.Spread.Max), t.Reason ?? "",
            ], 2, Money(t.TariffReferenceYear))));
        if (result.Trajectories.Count > 0)
        {
            o.WriteLine();
            Table(o, Beside(["Traject", "Tarief", "Reden"], 1, "Peiljaar"),
                result.Trajectories.Select(t => Beside([t.Code, Money(t.Tariff), t.Reason ?? ""], 1, Money(t.TariffReferenceYear))));
        }
    }

    /// <summary>One line: from which year to which, by which method, with which factor(s).</summary>
    private static string Indexation(IndexationFactors f)
    {
        var years = string.Join(", ", f.Years.Select(y =>
            $"{y.Year}: OVA {Percentage(y.Ova)}, PCC {Percentage(y.Pcc)} ({DutchLabels.Of(LabelKind.IndexationStatus, y.Status)})"));
        var factors = f.Method == IndexationMethod.Weighted
            ? $"gewogen, factor {DutchNumber.Format(Math.Round(f.Factor!.Value, 6), 6)}"
            : $"per kostensoort, factor OVA {DutchNumber.Format(Math.Round(f.FactorOva!.Value, 6), 6)}, PCC {DutchNumber.Format(Math.Round(f.FactorPcc!.Value, 6), 6)}";
        return $"Geïndexeerd van peiljaar {f.ReferenceYear} naar tariefjaar {f.TariffYear} ({factors}){(years.Length > 0 ? "; " + years : "")}.";
    }

    // Spread quartiles can fall between cents; on screen they are shown to the cent.
    internal static string Money(decimal? value) => value is { } v ? DutchNumber.Money(v) : "-";

    internal static void Table(TextWriter o, string[] headers, IEnumerable<string[]> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Min(60, all.Select(r => r[i].Length).Append(h.Length).Max())).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
        o.WriteLine(Line(headers));
        o.WriteLine(Line(widths.Select(w => new string('-', w)).ToArray()));
        foreach (var row in all) o.WriteLine(Line(row));
    }
}
