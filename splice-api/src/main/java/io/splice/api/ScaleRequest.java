package io.splice.api;

/** Set a service's replica count. */
public record ScaleRequest(String service, int replicas) {}
