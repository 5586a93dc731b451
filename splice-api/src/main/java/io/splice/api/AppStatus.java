package io.splice.api;

import java.util.List;

/**
 * An app as the daemon sees it.
 *
 * @param state {@code up} or {@code stopping}
 * @param ready whether every service has all its desired replicas ready
 */
public record AppStatus(String name, String specPath, String state, boolean ready, List<ServiceStatus> services, List<Event> events) {}
