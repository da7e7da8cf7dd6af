package io.envelope4j.kmslocal;

/**
 * The counts of one operation: logical {@code calls} and {@code attempts}, as defined by {@link
 * CallCounters}.
 */
public record CallCount(long calls, long attempts) {}
