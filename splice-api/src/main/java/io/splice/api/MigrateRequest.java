package io.splice.api;

/** Move a service's replicas to another runtime driver ({@code process}, {@code docker}). */
public record MigrateRequest(String service, String runtime) {}
