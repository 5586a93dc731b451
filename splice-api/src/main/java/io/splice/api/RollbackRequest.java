package io.splice.api;

/** Return a service to the spec it had before its last deploy. */
public record RollbackRequest(String service) {}
