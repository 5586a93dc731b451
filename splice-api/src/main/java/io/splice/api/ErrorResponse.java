package io.splice.api;

import java.util.List;

/** What the daemon answers when it refuses a request: the cause, and details such as every spec error. */
public record ErrorResponse(String error, List<String> details) {}
