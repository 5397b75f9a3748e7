using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Inkoop.Excel;

/// <summary>
/// One XML part of the upload, read forward only with hard bounds: no DTD (so no entity expansion and
/// no external resources), a character limit equal to the part's declared size, a depth limit checked
/// on every node, and cancellation checked as it goes. Callers walk it with <see cref="Read"/> and
/// depths, never recursively, so input structure cannot grow our stack; unknown elements are just
/// more nodes to step over. <see cref="Complete"/> reads the rest of the entry so its CRC is checked.
/// </summary>
internal sealed class PartXml : IDisposable
{
    private readonly CheckedEntryStream _stream;
    private readonly int _maxDepth;
    private readonly CancellationToken _ct;
    private int _steps;

    public PartXml(ZipArchiveEntry entry, XmlNameTable names, WorkbookLimits limits, CancellationToken ct)
    {
        _stream = new CheckedEntryStream(entry);
        _maxDepth = limits.MaxXmlDepth;
        _ct = ct;
        Xml = XmlReader.Create(_stream, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = Math.Max(1, entry.Length),
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            NameTable = names,
            CloseInput = false,
        });
    }

    public XmlReader Xml { get; }

    public XmlNodeType NodeType => Xml.NodeType;
    public int Depth => Xml.Depth;
    public string LocalName => Xml.LocalName;

    public bool IsStart(int depth, string localName) =>
        Xml.NodeType == XmlNodeType.Element && Xml.Depth == depth && Xml.LocalName == localName;

    public bool IsEnd(int depth) =>
        Xml.Depth == depth && (Xml.NodeType == XmlNodeType.EndElement || Xml.NodeType == XmlNodeType.Element && Xml.IsEmptyElement);

    /// <summary>The next node, or false at the end of the part.</summary>
    public bool Read()
    {
        if (!Xml.Read())
            return false;
        if (Xml.Depth > _maxDepth)
            throw UnreadableWorkbookException.TooLarge("het is te diep genest");
        if ((++_steps & 0x3FF) == 0)
            _ct.ThrowIfCancellationRequested();
        return true;
    }

    /// <summary>Moves to the first element at <paramref name="depth"/> named <paramref name="localName"/>; false if there is none.</summary>
    public bool MoveTo(int depth, string localName)
    {
        while (Read())
        {
            if (IsStart(depth, localName))
                return true;
            if (Xml.NodeType == XmlNodeType.EndElement && Xml.Depth < depth)
                return false; // the parent ended
        }
        return false;
    }

    /// <summary>
    /// The text inside the current element (text of nested elements included, so rich text runs
    /// concatenate), capped at <paramref name="maxChars"/>. Leaves the reader on the element's end.
    /// </summary>
    public string ReadText(int maxChars, Func<string, bool>? skipElement = null)
    {
        if (Xml.IsEmptyElement)
            return "";
        var depth = Xml.Depth;
        string? first = null;
        StringBuilder? more = null;
        var skipFrom = -1;
        while (Read() && !(Xml.Depth == depth && Xml.NodeType == XmlNodeType.EndElement))
        {
            if (skipFrom >= 0)
            {
                if (Xml.Depth == skipFrom && Xml.NodeType == XmlNodeType.EndElement)
                    skipFrom = -1;
                continue;
            }
            if (Xml.NodeType == XmlNodeType.Element)
            {
                if (skipElement is not null && skipElement(Xml.LocalName) && !Xml.IsEmptyElement)
                    skipFrom = Xml.Depth;
                continue;
            }
            if (Xml.NodeType is not (XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace))
                continue;
            var value = Xml.Value;
            if (first is null)
                first = value;
            else
                (more ??= new StringBuilder(first)).Append(value);
            if ((more?.Length ?? first.Length) > maxChars)
                throw UnreadableWorkbookException.TooLarge($"een cel bevat meer dan {maxChars} tekens");
        }
        return more?.ToString() ?? first ?? "";
    }

    private readonly char[] _small = new char[32];

    /// <summary>
    /// A short attribute (a cell reference) without allocating a string for it: most cells of a sheet are not
    /// wanted, so their references need not become strings. False when absent or longer than 32 characters.
    /// </summary>
    public bool ShortAttribute(string localName, out ReadOnlySpan<char> value)
    {
        value = default;
        if (!Xml.MoveToAttribute(localName))
            return false;
        var length = 0;
        int read;
        while ((read = Xml.ReadValueChunk(_small, length, _small.Length - length)) > 0 && length < _small.Length)
            length += read;
        var tooLong = length == _small.Length;
        Xml.MoveToElement();
        if (tooLong)
            return false;
        value = _small.AsSpan(0, length);
        return true;
    }

    /// <summary>An attribute by local name in no namespace, or (for r:id) by local name in any namespace.</summary>
    public string? Attribute(string localName, bool anyNamespace = false)
    {
        if (!anyNamespace)
            return Xml.GetAttribute(localName);
        for (var i = 0; i < Xml.AttributeCount; i++)
        {
            Xml.MoveToAttribute(i);
            if (Xml.LocalName == localName && Xml.NamespaceURI.Length > 0)
            {
                var value = Xml.Value;
                Xml.MoveToElement();
                return value;
            }
        }
        Xml.MoveToElement();
        return null;
    }

    /// <summary>
    /// Done with the part: the rest is parsed too (a part cut short at a false declared size is no
    /// well-formed XML), then length and CRC are checked.
    /// </summary>
    public void Complete()
    {
        while (Read())
        {
        }
        _stream.Finish();
    }

    public void Dispose()
    {
        Xml.Dispose();
        _stream.Dispose();
    }
}

/// <summary>
/// An entry's inflated bytes, never more than its declared size, with its CRC-32 checked at the end.
/// A size-lying entry fails as soon as it passes its declared size, whatever it would inflate to.
/// </summary>
internal sealed class CheckedEntryStream(ZipArchiveEntry entry) : Stream
{
    private readonly Stream _inner = entry.Open();
    private readonly System.IO.Hashing.Crc32 _crc = new();
    private long _length;
    private bool _ended;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_ended)
            return 0;
        // One byte past the declared size is enough to prove the entry lies.
        var wanted = (int)Math.Min(buffer.Length, entry.Length - _length + 1);
        var read = _inner.Read(buffer[..wanted]);
        _length += read;
        if (_length > entry.Length)
            throw UnreadableWorkbookException.Damaged();
        _crc.Append(buffer[..read]);
        if (read == 0)
            End();
        return read;
    }

    /// <summary>Reads what the parser left and checks length and CRC.</summary>
    public void Finish()
    {
        Span<byte> rest = stackalloc byte[4096];
        while (Read(rest) > 0)
        {
        }
    }

    private void End()
    {
        _ended = true;
        if (_length != entry.Length || _crc.GetCurrentHashAsUInt32() != entry.Crc32)
            throw UnreadableWorkbookException.Damaged();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _inner.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    // Seekable only in name: XmlReader then sizes its buffers to the part (a 500-byte .rels part needs no 12 KB
    // of buffers). It never seeks.
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => entry.Length;
    public override long Position { get => _length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
