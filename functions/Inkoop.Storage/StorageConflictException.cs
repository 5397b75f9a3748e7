namespace Inkoop.Storage;

/// <summary>
/// A conditional write lost: the entity or blob already exists, or its ETag changed since it was read.
/// Nothing was written. The caller decides: read again and retry, or report 409/412.
/// </summary>
public sealed class StorageConflictException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A value does not fit Table Storage's limits (entity 1 MiB, batch 4 MiB) even after chunking.</summary>
public sealed class StorageLimitException(string message) : Exception(message);

/// <summary>Neither a connection string nor the service URIs are configured.</summary>
public sealed class StorageNotConfiguredException(string message) : InvalidOperationException(message);
