package io.envelope4j.kmslocal;

import java.net.URI;
import java.time.Instant;

/**
 * The server that owns a data directory, as it recorded itself there: its process id, the endpoint
 * it serves and when it started. A client that finds the directory owned can send its requests to
 * {@code endpoint} instead.
 */
public record DataDirectoryOwner(long pid, URI endpoint, Instant startedAt) {}
