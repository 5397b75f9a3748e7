using Inkoop.Storage;

namespace Inkoop.Functions.Services;

/// <summary>The outcome of storing an upload: the version row, and the version it superseded (as read just before).</summary>
public sealed record StoredUpload(FormatVersion Version, int? Supersedes);
