package io.splice.api;

import java.util.Map;

/**
 * Roll a service to what its spec file says now, plus {@code env} overrides. With nothing changed
 * the replicas are restarted one by one.
 *
 * @param specPath the spec file to read the service from (absolute), or null for the one the app came from
 */
public record DeployRequest(String service, String specPath, Map<String, String> env) {}
