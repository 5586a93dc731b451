package io.splice.api;

/** Bring an app up, or update a running one to the spec at {@code specPath} (an absolute file path). */
public record UpRequest(String specPath) {}
