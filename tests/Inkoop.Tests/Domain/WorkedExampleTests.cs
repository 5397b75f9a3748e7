using Inkoop.Domain.Formats;
using Inkoop.Domain.Normalisation;
using Inkoop.Domain.Rounds;
using Inkoop.Domain.Tariffs;
using Inkoop.Excel;
using Inkoop.Tests.Support;

namespace Inkoop.Tests.Domain;

/// <summary>docs/worked-example-v1.md, to the cent, through the real reader from workbooks built here.</summary>
public class WorkedExampleTests
{
    public static RoundConfiguration Round() =>
        RoundConfigurationParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "voorbeeld-2025.json")));

    private static Dictionary<string, object?> Shares(decimal mbo4, decimal hbo, decimal wo) =>
        new() { ["MBO4"] = mbo4, ["HBO"] = hbo, ["WO"] = wo };

    public static IEnumerable<FormatData> Providers()
    {
        FormatData Provider(string agb, decimal contract, decimal verlof, decimal scholing, decimal verzuim, decimal productiviteit,
            decimal overhead, decimal risico, decimal materieel) => new FormatData()
            .Set(FormatSchema.OnderzoekRonde, "voorbeeld-2025").Set(FormatSchema.Peiljaar, 2023m)
            .Set(FormatSchema.AanbiederAgb, agb).Set(FormatSchema.AanbiederNaam, $"Aanbieder {agb}")
            .Set(FormatSchema.AanbiederEmail, $"tarieven@{agb}.nl")
            .Set(FormatSchema.ContracturenFte, contract).Set(FormatSchema.VerlofurenFte, verlof)
            .Set(FormatSchema.ScholingsurenFte, scholing).Set(FormatSchema.Verzuim, verzuim)
            .Set(FormatSchema.ProductiviteitAmbulant, productiviteit).Set(FormatSchema.Overhead, overhead)
            .Set(FormatSchema.Ondernemersrisico, risico).Set(FormatSchema.MaterieelUur, materieel);
        var groep = new Dictionary<string, object?> { [FormatSchema.Groepsgrootte] = 1m };

        yield return Provider("12345678", 1872, 220, 40, 0.06m, 0.68m, 0.22m, 0.02m, 3.50m)
            .Level("MBO4", 10m, 38000m, 0.30m).Level("HBO", 20m, 46000m, 0.31m).Level("WO", 2m, 62000m, 0.32m)
            .Product("45A11", "uur", 12000m, Shares(0.30m, 0.70m, 0m), groep);
        yield return Provider("23456789", 1872, 200, 36, 0.05m, 0.70m, 0.20m, 0.02m, 4.00m)
            .Level("MBO4", 5m, 37000m, 0.29m).Level("HBO", 12m, 47000m, 0.30m)
            .Product("45A11", "uur", 8000m, Shares(0.20m, 0.80m, 0m), groep);
        yield return Provider("34567890", 1836, 210, 50, 0.07m, 0.65m, 0.24m, 0.03m, 3.00m)
            .Level("MBO4", 8m, 39000m, 0.31m).Level("HBO", 15m, 45500m, 0.31m).Level("WO", 3m, 64000m, 0.33m)
            .Product("45A11", "uur", 10000m, Shares(0.25m, 0.65m, 0.10m), groep);
        yield return Provider("45678901", 1872, 230, 30, 0.31m, 0.72m, 0.38m, 0.02m, 3.80m)
            .Level("MBO4", 6m, 38500m, 0.30m).Level("HBO", 10m, 46500m, 0.30m)
            .Product("45A11", "uur", 6000m, Shares(0.40m, 0.60m, 0m), groep);
    }

    private static List<ProviderFormat> ReadAll(RoundConfiguration round) => Providers()
        .Select((data, i) => FormatWorkbook.Build(data, new FormatWorkbook.Layout(RowOffset: i, ColumnOffset: i % 2, ExtraSheetFirst: i == 2)))
        .Select(bytes => FormatValidator.Validate(FormatReader.Read(new MemoryStream(bytes)), round))
        .ToList();

    [Fact]
    public void Reproduces_the_tariff_and_trajectory_to_the_cent()
    {
        var round = Round();
        var formats = ReadAll(round);

        var result = RoundCalculation.Run(round, formats);

        var tariff = Assert.Single(result.Tariffs);
        Assert.Equal("45A11", tariff.Product);
        Assert.Null(tariff.Reason);
        Assert.Equal(73.26m, tariff.Tariff);
        // The spec's intermediate figures: cost 58.87468..., tariff 73.2636... (shown there rounded up to 73.2637).
        Assert.Equal(58.87468m, Math.Round(tariff.Unrounded!.Value / (1.22m * 1.02m), 5));
        Assert.Equal(73.264m, Math.Round(tariff.Unrounded!.Value, 3));
        var trajectory = Assert.Single(result.Trajectories);
        Assert.Equal(1465.27m, trajectory.Tariff);
    }

    [Fact]
    public void Reproduces_every_normalised_value_with_its_provenance()
    {
        var round = Round();
        var result = RoundCalculation.Run(round, ReadAll(round));
        Norm N(string key) => result.Norms.Single(n => n.Key == key);

        Assert.Equal(1872m, N("Contracturen_FTE").Value);
        Assert.Equal(3, N("Contracturen_FTE").N);
        Assert.Equal(new Exclusion("34567890", Exclusion.Outlier), Assert.Single(N("Contracturen_FTE").Excluded));
        Assert.Equal(215m, N("Verlofuren_FTE").Value);
        Assert.Equal(39m, N("Scholingsuren_FTE").Value);
        Assert.Equal(0.06m, N("Verzuim").Value);
        Assert.Equal(new Exclusion("45678901", Exclusion.ErrorFinding, FindingCodes.OutOfBand), Assert.Single(N("Verzuim").Excluded));
        Assert.Equal(0.22m, N("Overhead").Value);
        Assert.Equal("45678901", Assert.Single(N("Overhead").Excluded).Agb);
        Assert.Equal(0.02m, N("Ondernemersrisico").Value);
        Assert.Equal("34567890", Assert.Single(N("Ondernemersrisico").Excluded).Agb);
        Assert.Equal(0.6875m, N("Productiviteit_Ambulant").Value);
        Assert.Equal(3.575m, N("Materieel_Uur").Value);
        Assert.Equal(38125m, N("Brutojaarsalaris[MBO4]").Value);
        Assert.Equal(0.30m, N("Werkgeverslasten[MBO4]").Value);
        Assert.Equal(46250m, N("Brutojaarsalaris[HBO]").Value);
        Assert.Equal(0.305m, N("Werkgeverslasten[HBO]").Value);
        Assert.Equal(63000m, N("Brutojaarsalaris[WO]").Value);
        Assert.True(N("Brutojaarsalaris[WO]").BenchmarkUsed);
        Assert.Equal(2, N("Brutojaarsalaris[WO]").N);
        Assert.Equal(0.32m, N("Werkgeverslasten[WO]").Value);
        Assert.Equal(0.2875m, N("Aandeel_MBO4[45A11]").Value);
        Assert.Equal(0.6875m, N("Aandeel_HBO[45A11]").Value);
        Assert.Equal(0.025m, N("Aandeel_WO[45A11]").Value);
        Assert.False(N("Aandeel_WO[45A11]").Rescaled);
        Assert.Equal(1m, N("Groepsgrootte[45A11]").Value);
    }

    [Fact]
    public void The_out_of_band_verzuim_is_a_finding_on_its_cell_with_the_percent_hint()
    {
        var round = Round();
        var format = ReadAll(round).Single(f => f.Agb == "45678901");

        var finding = Assert.Single(format.Findings);
        Assert.Equal(FindingCodes.OutOfBand, finding.Code);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal("Verzuim", finding.Variable);
        Assert.Equal("Algemeen!C13", finding.Cell); // row offset 3 and column offset 1 for this provider
        Assert.Equal("0% - 15%", finding.Band);
        Assert.Equal("Verzuim is 0,31 (verwacht 0% - 15%).", finding.Message);
        Assert.Equal("0,31", finding.Value);
        Assert.Equal(FormatStatus.ClosedWithExclusions, FormatStatuses.Of(format, round, new DateOnly(2023, 10, 1)));
        Assert.Equal(FormatStatus.RepairNeeded, FormatStatuses.Of(format, round, new DateOnly(2023, 9, 15)));
    }

    [Fact]
    public void Without_the_benchmarks_the_tariff_and_trajectory_are_not_computable_and_say_why()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "voorbeeld-2025.json"))
            .Replace("\"Brutojaarsalaris[WO]\": { \"benchmark\": 63000 },", "")
            .Replace("\"Werkgeverslasten[WO]\": { \"benchmark\": 0.32 }", "");
        var round = RoundConfigurationParser.Parse(json);

        var result = RoundCalculation.Run(round, ReadAll(round));

        var tariff = Assert.Single(result.Tariffs);
        Assert.Null(tariff.Tariff);
        Assert.Contains("Brutojaarsalaris[WO]", tariff.Reason);
        Assert.Contains("n = 2, minimaal 3", tariff.Reason);
        var trajectory = Assert.Single(result.Trajectories);
        Assert.Null(trajectory.Tariff);
        Assert.Contains("45A11", trajectory.Reason);
        Assert.Null(result.Norms.Single(n => n.Key == "Brutojaarsalaris[WO]").Value);
    }

    [Fact]
    public void Reports_the_spread_of_the_providers_own_tariffs()
    {
        var round = Round();
        var formats = ReadAll(round);
        var result = RoundCalculation.Run(round, formats);

        // 45678901 has no valid Verzuim of its own, so three own tariffs remain.
        var own = formats.Select(f => RoundCalculation.OwnTariff(round.Products[0], f)).ToList();
        Assert.Null(own[3]);
        var spread = result.Tariffs[0].Spread;
        Assert.Equal(3, spread.N);
        var sorted = own.Take(3).Select(t => t!.Value).Order().ToList();
        Assert.Equal(sorted[0], spread.Min);
        Assert.Equal(sorted[1], spread.Median);
        Assert.Equal(sorted[2], spread.Max);
        Assert.Equal((sorted[0] + sorted[1]) / 2, spread.Q1);
        // Provider 12345678's own tariff, by hand: A = (1872-220-40)*0.94, Cmix = 0.3*38000*1.3 + 0.7*46000*1.31.
        var a = (1872m - 220 - 40) * 0.94m;
        var cmix = 0.3m * 38000 * 1.3m + 0.7m * 46000 * 1.31m;
        var expected = Math.Round((cmix / (a * 0.68m) + 3.5m) * 1.22m * 1.02m, 2, MidpointRounding.AwayFromZero);
        Assert.Equal(expected, own[0]);
    }
}
