package io.splice.image.dockerfile;

/**
 * One {@code key=value} pair of {@code ENV}, {@code LABEL} or {@code ARG}, as written: quotes and
 * variables are kept, for {@link WordExpander} to process at build time.
 *
 * @param value the raw value, or {@code null} for an {@code ARG} without a default
 */
public record KeyValue(String key, String value) {}
