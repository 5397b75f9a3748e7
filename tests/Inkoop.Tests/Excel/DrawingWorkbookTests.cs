using DocumentFormat.OpenXml.Packaging;
using Inkoop.Domain.Formats;
using Xdr = DocumentFormat.OpenXml.Drawing.Spreadsheet;
using X = DocumentFormat.OpenXml.Spreadsheet;
using static Inkoop.Tests.Excel.ExcelTestData;

namespace Inkoop.Tests.Excel;

/// <summary>
/// Providers paste their logo into the format. EPPlus needs libgdiplus for images, which the
/// servers lack, so the reader must not touch drawings at all.
/// </summary>
public class DrawingWorkbookTests
{
    // A 1x1 transparent PNG.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    [Fact]
    public void A_workbook_with_a_picture_reads()
    {
        var format = Read(WithPicture(Template()));

        Assert.Equal("jeugd-2025", format.Names[FormatSchema.OnderzoekRonde].Value);
        Assert.Equal(FormatSchema.Levels.Count, format.Personeel!.Rows.Count);
    }

    internal static byte[] WithPicture(byte[] xlsx)
    {
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var sheetPart = document.WorkbookPart!.WorksheetParts.First();
            var drawingPart = sheetPart.AddNewPart<DrawingsPart>();
            var imagePart = drawingPart.AddImagePart(ImagePartType.Png);
            imagePart.FeedData(new MemoryStream(Png));
            drawingPart.WorksheetDrawing = new Xdr.WorksheetDrawing(
                new Xdr.OneCellAnchor(
                    new Xdr.FromMarker(new Xdr.ColumnId("5"), new Xdr.ColumnOffset("0"), new Xdr.RowId("1"), new Xdr.RowOffset("0")),
                    new Xdr.Extent { Cx = 952500, Cy = 952500 },
                    new Xdr.Picture(
                        new Xdr.NonVisualPictureProperties(
                            new Xdr.NonVisualDrawingProperties { Id = 2U, Name = "Logo" },
                            new Xdr.NonVisualPictureDrawingProperties()),
                        new Xdr.BlipFill(
                            new DocumentFormat.OpenXml.Drawing.Blip { Embed = drawingPart.GetIdOfPart(imagePart) },
                            new DocumentFormat.OpenXml.Drawing.Stretch(new DocumentFormat.OpenXml.Drawing.FillRectangle())),
                        new Xdr.ShapeProperties(
                            new DocumentFormat.OpenXml.Drawing.PresetGeometry { Preset = DocumentFormat.OpenXml.Drawing.ShapeTypeValues.Rectangle })),
                    new Xdr.ClientData()));
            var worksheet = sheetPart.Worksheet;
            var drawing = new X.Drawing { Id = sheetPart.GetIdOfPart(drawingPart) };
            // <drawing> goes before <tableParts>/<extLst> and after page setup elements.
            var before = worksheet.Elements<X.LegacyDrawing>().Cast<DocumentFormat.OpenXml.OpenXmlElement>()
                .Concat(worksheet.Elements<X.TableParts>()).FirstOrDefault();
            if (before is null)
                worksheet.Append(drawing);
            else
                worksheet.InsertBefore(drawing, before);
            worksheet.Save();
        }
        return stream.ToArray();
    }
}
