using Inkoop.Domain.Formats;
using Inkoop.Domain.Rounds;
using Inkoop.Tests.Support;

namespace Inkoop.Tests.Domain;

/// <summary>Every finding code of section 2, from cells as a reader delivers them.</summary>
public class FindingTests
{
    private static readonly RoundConfiguration Round = RoundConfigurationParser.Parse("""
        { "round": "voorbeeld-2025", "referenceYear": 2023, "repairDeadline": "2023-09-15",
          "products": [ { "code": "45A11", "unit": "uur" }, { "code": "41D11", "unit": "dagdeel" }, { "code": "44V11", "unit": "etmaal" } ] }
        """);

    private static ProviderFormat Validate(FormatData data) => FormatValidator.Validate(data.ToRaw(), Round);

    private static Finding Only(ProviderFormat format, string code) => Assert.Single(format.Findings, f => f.Code == code);

    [Fact]
    public void A_valid_format_has_no_findings_and_all_its_values()
    {
        var format = Validate(FormatData.Valid());
        Assert.Empty(format.Findings);
        Assert.False(format.IsRejected);
        Assert.Equal("12345678", format.Agb);
        Assert.Equal(2023, format.ReferenceYear);
        Assert.Equal(0.06m, format.Values["Verzuim"]);
        Assert.Equal(46000m, format.Values["Brutojaarsalaris[HBO]"]);
        Assert.Equal(0m, format.Values["Aandeel_WO[45A11]"]);
        Assert.Equal(30m, format.TotalFte);
        Assert.Equal(FormatStatus.Accepted, FormatStatuses.Of(format, Round, new DateOnly(2024, 1, 1)));
    }

    [Fact]
    public void Missing_identity_rejects_the_whole_file()
    {
        var format = Validate(FormatData.Valid().Set(FormatSchema.AanbiederAgb, "  "));
        Assert.True(format.IsRejected);
        Assert.Equal(FindingCodes.IdentityMissing, Assert.Single(format.Findings).Code);
        Assert.Empty(format.Values);
        Assert.Equal(FormatStatus.Rejected, FormatStatuses.Of(format, Round, new DateOnly(2023, 1, 1)));

        var noRound = Validate(FormatData.Valid().Set(FormatSchema.OnderzoekRonde, null));
        Assert.True(noRound.IsRejected);
        Assert.Equal(FindingCodes.IdentityMissing, Assert.Single(noRound.Findings).Code);
    }

    [Fact]
    public void A_format_of_another_round_is_rejected()
    {
        var format = Validate(FormatData.Valid().Set(FormatSchema.OnderzoekRonde, "jeugd-2024"));
        Assert.True(format.IsRejected);
        var finding = Only(format, FindingCodes.RoundMismatch);
        Assert.Contains("jeugd-2024", finding.Message);
        Assert.Equal("Algemeen!B2", finding.Cell);
    }

    [Fact]
    public void An_agb_stored_as_a_number_is_padded_and_a_wrong_one_rejected()
    {
        Assert.Equal("01234567", Validate(FormatData.Valid().Set(FormatSchema.AanbiederAgb, 1234567m)).Agb);
        var wrong = Validate(FormatData.Valid().Set(FormatSchema.AanbiederAgb, "1234-567"));
        Assert.True(wrong.IsRejected);
        Assert.Equal(FindingCodes.AgbInvalid, Assert.Single(wrong.Findings).Code);
    }

    [Fact]
    public void A_missing_required_value_is_an_error_on_its_cell()
    {
        var format = Validate(FormatData.Valid().Set(FormatSchema.Overhead, "   "));
        var finding = Only(format, FindingCodes.RequiredMissing);
        Assert.Equal("Overhead", finding.Variable);
        Assert.NotNull(finding.Cell);
        Assert.Equal(FindingCodes.RequiredMissing, format.Invalid["Overhead"]);
        Assert.False(format.Values.ContainsKey("Overhead"));
        Assert.Equal(FormatStatus.RepairNeeded, FormatStatuses.Of(format, Round, new DateOnly(2023, 9, 1)));
    }

    [Fact]
    public void A_needed_formula_without_a_stored_result_is_an_error_asking_to_save_in_excel()
    {
        var format = Validate(FormatData.Valid().Set(FormatSchema.Overhead, UncalculatedFormula.Instance));
        var finding = Only(format, FindingCodes.FormulaNotCalculated);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal("Overhead", finding.Variable);
        Assert.NotNull(finding.Cell);
        Assert.Contains("Excel of LibreOffice", finding.Message);
        Assert.Equal(FindingCodes.FormulaNotCalculated, format.Invalid["Overhead"]);
        Assert.False(format.Values.ContainsKey("Overhead"));

        // In an identity cell it rejects the file with this one finding, not also "missing".
        var identity = Validate(FormatData.Valid().Set(FormatSchema.AanbiederAgb, UncalculatedFormula.Instance));
        Assert.True(identity.IsRejected);
        Assert.Equal(FindingCodes.FormulaNotCalculated, Assert.Single(identity.Findings).Code);
    }

    [Fact]
    public void A_missing_defined_name_is_reported_as_missing_from_the_workbook()
    {
        var data = FormatData.Valid();
        data.Single.Remove(FormatSchema.ScholingsurenFte);
        var finding = Only(Validate(data), FindingCodes.RequiredMissing);
        Assert.Null(finding.Cell);
        Assert.Contains("ontbreekt in het werkboek", finding.Message);
    }

    [Fact]
    public void Text_that_is_no_number_is_an_error_and_dutch_number_text_a_warning()
    {
        var format = Validate(FormatData.Valid()
            .Set(FormatSchema.Verzuim, "6%")
            .Set(FormatSchema.MaterieelUur, "€ 3,50")
            .Set(FormatSchema.ContracturenFte, "veel"));
        var notANumber = Only(format, FindingCodes.NotANumber);
        Assert.Equal("Contracturen_FTE", notANumber.Variable);
        Assert.Equal("veel", notANumber.Value);
        Assert.Equal(2, format.Findings.Count(f => f.Code == FindingCodes.NumberAsText && f.Severity == Severity.Warning));
        Assert.Equal(0.06m, format.Values["Verzuim"]);
        Assert.Equal(3.50m, format.Values["Materieel_Uur"]);
    }

    [Fact]
    public void Booleans_dates_and_excel_errors_are_not_numbers()
    {
        var format = Validate(FormatData.Valid()
            .Set(FormatSchema.Verzuim, true)
            .Set(FormatSchema.Overhead, new DateTime(2023, 1, 1))
            .Set(FormatSchema.Ondernemersrisico, new CellError("#DIV/0!")));
        Assert.Equal(3, format.Findings.Count(f => f.Code == FindingCodes.NotANumber));
        Assert.Contains(format.Findings, f => f.Value == "#DIV/0!");
    }

    [Fact]
    public void A_peiljaar_must_be_a_whole_number_and_the_reference_year()
    {
        Assert.Equal(FindingCodes.NotAnInteger, Assert.Single(Validate(FormatData.Valid().Set(FormatSchema.Peiljaar, 2023.5m)).Findings).Code);
        var other = Only(Validate(FormatData.Valid().Set(FormatSchema.Peiljaar, 2022m)), FindingCodes.OutOfBand);
        Assert.Equal("2023", other.Band);
    }

    [Fact]
    public void A_percentage_typed_as_a_whole_number_gets_the_hint_of_the_spec()
    {
        var finding = Only(Validate(FormatData.Valid().Set(FormatSchema.Verzuim, 31m)), FindingCodes.OutOfBand);
        Assert.Equal("Verzuim is 31 (verwacht 0% - 15%). Vult u een percentage in als breuk? 31% = 0,31.", finding.Message);
        Assert.Equal("0% - 15%", finding.Band);
    }

    [Fact]
    public void A_round_band_overrides_the_default_band()
    {
        var round = RoundConfigurationParser.Parse("""
            { "round": "voorbeeld-2025", "referenceYear": 2023, "products": [ { "code": "45A11", "unit": "uur" } ],
              "bands": { "Verzuim": { "min": 0.0, "max": 0.05 } } }
            """);
        var format = FormatValidator.Validate(FormatData.Valid().ToRaw(), round);
        Assert.Equal("0% - 5%", Only(format, FindingCodes.OutOfBand).Band);
    }

    [Fact]
    public void A_bad_email_or_kvk_is_invalid_text()
    {
        var format = Validate(FormatData.Valid().Set(FormatSchema.AanbiederEmail, "info at zorg").Set(FormatSchema.AanbiederKvk, "123"));
        Assert.Equal(2, format.Findings.Count(f => f.Code == FindingCodes.InvalidText));
        Assert.Equal("12345678", Validate(FormatData.Valid().Set(FormatSchema.AanbiederKvk, 12345678m)).Kvk);
    }

    [Fact]
    public void Missing_tables_and_columns_are_errors()
    {
        var raw = FormatData.Valid().ToRaw();
        var noTables = FormatValidator.Validate(new RawFormat(raw.Names, null, null), Round);
        Assert.Equal(2, noTables.Findings.Count(f => f.Code == FindingCodes.TableMissing));

        var noSalaryColumn = new RawTable("Personeel", "Personeel!A1", ["Functieniveau", "FTE", "Werkgeverslasten"], []);
        var format = FormatValidator.Validate(new RawFormat(raw.Names, noSalaryColumn, raw.Producten), Round);
        var finding = Only(format, FindingCodes.ColumnMissing);
        Assert.Equal("Brutojaarsalaris", finding.Variable);
        Assert.Equal("Personeel!A1", finding.Cell);
    }

    [Fact]
    public void Unknown_and_duplicate_levels_are_errors()
    {
        var format = Validate(FormatData.Valid().Level("Stagiair", 1m, 20000m, 0.2m).Level("HBO", 1m, 40000m, 0.3m));
        Assert.Equal("Stagiair", Only(format, FindingCodes.UnknownLevel).Value);
        Assert.Equal("HBO", Only(format, FindingCodes.DuplicateLevel).Value);
        Assert.Equal(46000m, format.Values["Brutojaarsalaris[HBO]"]); // the first row counts
    }

    [Fact]
    public void A_level_with_fte_needs_a_salary_and_a_level_without_fte_may_stay_empty()
    {
        var format = Validate(FormatData.Valid().Level("WO", 0m, null, null).Level("MBO3", 2m, null, 0.3m));
        var finding = Only(format, FindingCodes.RequiredMissing);
        Assert.Equal("Brutojaarsalaris[MBO3]", finding.Variable);
        Assert.DoesNotContain(format.Findings, f => f.Variable?.Contains("WO") == true);
    }

    [Fact]
    public void A_level_used_by_a_product_without_salary_is_an_error()
    {
        var data = FormatData.Valid();
        data.Producten[0][FormatSchema.ShareColumn("HBO")] = 0.5m;
        data.Producten[0][FormatSchema.ShareColumn("WO")] = 0.2m;
        var format = Validate(data);
        Assert.Equal(2, format.Findings.Count(f => f.Code == FindingCodes.LevelWithoutSalary));
        Assert.Contains(format.Findings, f => f.Variable == "Brutojaarsalaris[WO]");
        Assert.Contains(format.Findings, f => f.Variable == "Werkgeverslasten[WO]");
    }

    [Fact]
    public void An_empty_product_table_is_an_error()
    {
        var data = FormatData.Valid();
        data.Producten.Clear();
        data.Producten.Add(new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { [FormatSchema.Productcode] = " " });
        Assert.Equal(FindingCodes.NoProducts, Assert.Single(Validate(data).Findings).Code);
    }

    [Fact]
    public void Unknown_and_duplicate_products_are_errors()
    {
        var data = FormatData.Valid();
        data.Product("99X99", "uur", 10m, new Dictionary<string, object?> { ["HBO"] = 1m }, new Dictionary<string, object?> { ["Groepsgrootte"] = 1m });
        data.Product("45a11", "uur", 10m, new Dictionary<string, object?> { ["HBO"] = 1m }, new Dictionary<string, object?> { ["Groepsgrootte"] = 1m });
        var format = Validate(data);
        Assert.Equal("99X99", Only(format, FindingCodes.UnknownProduct).Value);
        Assert.Equal("45A11", Only(format, FindingCodes.DuplicateProduct).Value);
        Assert.Single(format.Products);
    }

    [Fact]
    public void A_wrong_or_unknown_unit_excludes_the_rows_values()
    {
        var data = FormatData.Valid();
        data.Producten[0][FormatSchema.Eenheid] = "dagdeel";
        var format = Validate(data);
        var finding = Only(format, FindingCodes.UnitMismatch);
        Assert.Equal("uur", finding.Band);
        Assert.Equal(FindingCodes.UnitMismatch, format.Invalid["Groepsgrootte[45A11]"]);
        Assert.False(format.Values.ContainsKey("Aandeel_HBO[45A11]"));

        data.Producten[0][FormatSchema.Eenheid] = "week";
        Assert.Equal("week", Only(Validate(data), FindingCodes.UnitInvalid).Value);

        data.Producten[0][FormatSchema.Eenheid] = "04"; // the iStandaarden code is accepted
        Assert.Empty(Validate(data).Findings);
    }

    [Fact]
    public void Shares_not_adding_up_to_one_exclude_the_six_shares_but_not_the_rest_of_the_row()
    {
        var data = FormatData.Valid();
        data.Producten[0][FormatSchema.ShareColumn("HBO")] = 0.6m;
        var format = Validate(data);
        var finding = Only(format, FindingCodes.SharesNotOne);
        Assert.Equal("Aandeel[45A11]", finding.Variable);
        Assert.Equal("0,90", finding.Value);
        Assert.Contains("90%", finding.Message);
        Assert.All(FormatSchema.ShareVariables, v => Assert.Equal(FindingCodes.SharesNotOne, format.Invalid[$"{v}[45A11]"]));
        Assert.Equal(1m, format.Values["Groepsgrootte[45A11]"]);
        Assert.Equal(12000m, format.Values["Volume[45A11]"]);
    }

    [Fact]
    public void Shares_within_half_a_percent_of_one_are_accepted()
    {
        var data = FormatData.Valid();
        data.Producten[0][FormatSchema.ShareColumn("HBO")] = 0.704m;
        Assert.Empty(Validate(data).Findings);
    }

    [Fact]
    public void Day_care_and_residential_products_need_their_own_columns_within_their_bands()
    {
        var data = FormatData.Valid();
        data.Product("41D11", "dagdeel", 500m, new Dictionary<string, object?> { ["MBO4"] = 1m },
            new Dictionary<string, object?> { ["Groepsgrootte"] = 20m, ["Roosteruren"] = 10m, ["Bezetting"] = 0.9m });
        var format = Validate(data);
        Assert.Equal("2 - 16", Only(format, FindingCodes.OutOfBand).Band); // Groepsgrootte for dagdeel
        Assert.Equal("Materieel_Eenheid[41D11]", Only(format, FindingCodes.RequiredMissing).Variable);
    }

    [Fact]
    public void Ambulant_values_are_required_only_with_an_hourly_product()
    {
        var data = FormatData.Valid().Set(FormatSchema.ProductiviteitAmbulant, null).Set(FormatSchema.MaterieelUur, null);
        Assert.Equal(2, Validate(data).Findings.Count(f => f.Code == FindingCodes.RequiredMissing));
        data.Producten.Clear();
        data.Product("44V11", "etmaal", 300m, new Dictionary<string, object?> { ["MBO4"] = 1m }, new Dictionary<string, object?>
        {
            ["Groepsgrootte"] = 8m, ["Roosteruren"] = 40m, ["Bezetting"] = 0.9m, ["Huisvesting_Plaats_Jaar"] = 9000m, ["Materieel_Eenheid"] = 20m,
        });
        Assert.Empty(Validate(data).Findings);
    }

    [Fact]
    public void Every_finding_code_is_covered_by_a_test_in_this_project()
    {
        var source = string.Join("\n", Directory.GetFiles(SourceDirectory(), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));
        var untested = FindingCodes.All.Where(code =>
        {
            var constant = typeof(FindingCodes).GetFields().Single(f => f.IsLiteral && (string)f.GetRawConstantValue()! == code).Name;
            return !System.Text.RegularExpressions.Regex.IsMatch(source, $@"FindingCodes\.{constant}\b");
        }).ToList();
        Assert.Empty(untested);
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(path))!;
}
