package io.splice.api;

import java.time.Instant;

/** Something the daemon did or saw, such as a replica restarted and why. */
public record Event(Instant at, String service, String replica, String message) {}
