using System.Buffers;
using Inkoop.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Inkoop.Functions.Hosting;

public sealed class UploadOptions
{
    public const string Section = "Uploads";

    /// <summary><c>Uploads:MaxBytes</c>: the largest format file accepted (default 10 MiB); above it 413.</summary>
    public long MaxBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary><c>Uploads:ConcurrentPerCaller</c>: uploads one provider (key or principal) may have in progress at once (default 2); above it 429.</summary>
    public int ConcurrentPerCaller { get; set; } = 2;

    /// <summary><c>Uploads:PerCallerPerWindow</c>: uploads one provider may start per <see cref="Window"/> (default 30); above it 429.</summary>
    public int PerCallerPerWindow { get; set; } = 30;

    /// <summary><c>Uploads:Window</c>: the window of <see cref="PerCallerPerWindow"/> (default one minute).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>Uploads:InFlight</c>: uploads of all callers in progress at once (default 8): at most this many bodies in memory.</summary>
    public int InFlight { get; set; } = 8;

    /// <summary>
    /// <c>Uploads:InFlightQueue</c>: uploads waiting for a place among <see cref="InFlight"/> (default 100: fifty providers at once
    /// wait rather than fail); more get 503 at once. A waiting upload's body is not read; Kestrel buffers at most 1 MiB of it.
    /// </summary>
    public int InFlightQueue { get; set; } = 100;

    /// <summary><c>Uploads:InFlightWait</c>: how long an upload waits for a place (default 30 s); then 503.</summary>
    public TimeSpan InFlightWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>Uploads:TrimAfterBytes</c>: once uploads are idle after bodies of at least this many bytes together (default 64 MiB),
    /// the memory they took is given back to the system (<see cref="UploadMemory"/>); 0 never.
    /// </summary>
    public long TrimAfterBytes { get; set; } = 64L * 1024 * 1024;
}

/// <summary>
/// Reads an uploaded file from a request, bounded: the raw body (<c>application/vnd.openxmlformats-officedocument.spreadsheetml.sheet</c>
/// or <c>application/octet-stream</c>) or the one file of a <c>multipart/form-data</c> body. A Content-Length over the limit is
/// refused before reading; otherwise reading stops as soon as the limit is passed, so nothing unbounded is buffered.
/// </summary>
public static class UploadBody
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /// <summary>A macro-enabled workbook (.xlsm): read like an .xlsx, refused only when it really holds macros.</summary>
    public const string XlsmContentType = "application/vnd.ms-excel.sheet.macroenabled.12";
    public const string OctetStream = "application/octet-stream";
    public const string Multipart = "multipart/form-data";

    /// <summary>Room for multipart boundaries, part headers and small form fields besides the file.</summary>
    public const long MultipartOverhead = 64 * 1024;
    private const int MaxSections = 16;

    public sealed record Upload(byte[] Bytes, string? FileName);

    /// <summary>Checks Content-Type and Content-Length without reading: a problem, or null to go on.</summary>
    public static ProblemHttpResult? Precheck(HttpRequest request, long maxBytes)
    {
        var kind = Kind(request);
        if (kind is null) return UnsupportedType();
        var allowed = kind == Multipart ? maxBytes + MultipartOverhead : maxBytes;
        if (request.ContentLength > allowed) return Problems.UploadTooLarge(maxBytes);
        // Kestrel's own limit as a backstop (also raises its 30 MB default when Uploads:MaxBytes is larger).
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = maxBytes + MultipartOverhead;
        return null;
    }

    /// <summary>The file, or the problem (413 too large, 400 no or several files in a multipart body, 415 wrong type).</summary>
    public static async Task<(Upload? Upload, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (Precheck(request, maxBytes) is { } problem) return (null, problem);
        try
        {
            if (Kind(request) != Multipart)
            {
                var bytes = await ReadBoundedAsync(request.Body, maxBytes, ct);
                return bytes is null ? (null, Problems.UploadTooLarge(maxBytes)) : (new Upload(bytes, null), null);
            }
            return await ReadMultipartAsync(request, maxBytes, ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.UploadTooLarge(maxBytes));
        }
        catch (Exception e) when (e is InvalidDataException || e is IOException && Kind(request) == Multipart)
        {
            // A body that ends before its closing boundary is an IOException from MultipartReader.
            // MultipartReader: a section over its limit, too many headers, or a broken body.
            return (null, Problems.Create(400, "bad-multipart",
                "De multipart/form-data-inhoud is ongeldig of te groot. Stuur één bestand (.xlsx) als formulierveld."));
        }
    }

    private static string? Kind(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)) return null;
        var media = type.MediaType.Value?.ToLowerInvariant();
        return media switch
        {
            XlsxContentType or XlsmContentType or OctetStream => XlsxContentType,
            Multipart when !string.IsNullOrWhiteSpace(HeaderUtilities.RemoveQuotes(type.Boundary).Value) => Multipart,
            _ => null,
        };
    }

    private static async Task<(Upload?, ProblemHttpResult?)> ReadMultipartAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value!;
        var reader = new MultipartReader(boundary, request.Body)
        {
            HeadersCountLimit = 16,
            HeadersLengthLimit = 16 * 1024,
            BodyLengthLimit = maxBytes + 1, // per section; ours is checked below with the exact limit
        };
        Upload? file = null;
        var sections = 0;
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (++sections > MaxSections) return (null, TooManyParts());
            var disposition = section.GetContentDispositionHeader();
            if (disposition is null || !disposition.IsFileDisposition())
            {
                // A small form field next to the file (e.g. a note): read and ignore it, bounded.
                if (await ReadBoundedAsync(section.Body, MultipartOverhead, ct) is null) return (null, Problems.UploadTooLarge(maxBytes));
                continue;
            }
            if (file is not null) return (null, TooManyParts());
            var bytes = await ReadBoundedAsync(section.Body, maxBytes, ct);
            if (bytes is null) return (null, Problems.UploadTooLarge(maxBytes));
            file = new Upload(bytes, StoredFileName.Clean(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value));
        }
        return file is null
            ? (null, Problems.Create(400, "file-missing",
                "Er zit geen bestand in het formulier. Stuur het ingevulde format (.xlsx) als bestand (Content-Disposition met filename)."))
            : (file, null);
    }

    private static ProblemHttpResult TooManyParts() => Problems.Create(400, "too-many-files",
        "Stuur precies één bestand per upload: het ingevulde format (.xlsx).");

    private static ProblemHttpResult UnsupportedType() => Problems.Create(415, "unsupported-media-type",
        $"Stuur het format als Excel-werkmap (.xlsx): de inhoud zelf met Content-Type {XlsxContentType} of {OctetStream}, " +
        $"of als bestand in {Multipart}.");

    /// <summary>Chunks of the body while it is read: lent from the shared pool and under the large-object threshold (85,000 bytes).</summary>
    private const int ChunkSize = 64 * 1024;

    /// <summary>
    /// The stream's bytes, or null as soon as there are more than <paramref name="maxBytes"/>. Read in lent chunks and copied
    /// once into an array of exactly the body's size: the one copy of the upload the app keeps (a growing MemoryStream would
    /// allocate about three times the body on the large object heap, which stays until a full collection).
    /// </summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, long maxBytes, CancellationToken ct)
    {
        var chunks = new List<byte[]>();
        long length = 0;
        try
        {
            while (true)
            {
                var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
                chunks.Add(chunk);
                var filled = 0;
                int read;
                while (filled < ChunkSize && (read = await body.ReadAsync(chunk.AsMemory(filled, ChunkSize - filled), ct)) > 0) filled += read;
                length += filled;
                if (length > maxBytes) return null;
                if (filled < ChunkSize) break;
            }
            var bytes = GC.AllocateUninitializedArray<byte>((int)length);
            for (var i = 0; i < chunks.Count; i++)
                chunks[i].AsSpan(0, (int)Math.Min(ChunkSize, length - (long)i * ChunkSize)).CopyTo(bytes.AsSpan(i * ChunkSize));
            return bytes;
        }
        finally
        {
            foreach (var chunk in chunks) ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
