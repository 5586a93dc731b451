package io.splice.control.state;

/** The stored proxy process and the last configuration version pushed to it. */
public record ProxyRow(long pid, long startTime, int adminPort, long configVersion) {}
