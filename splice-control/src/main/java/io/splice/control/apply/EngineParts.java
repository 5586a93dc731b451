package io.splice.control.apply;

import io.splice.control.health.HealthProber;
import io.splice.control.host.PortAllocator;
import io.splice.control.proxy.ProxyManager;
import io.splice.control.state.StateStore;
import io.splice.control.supervise.RestartBackoff;
import io.splice.runtime.RuntimeDriver;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/** What the {@link Engine} is built from; the daemon's composition root fills it in. */
public record EngineParts(
    StateStore store,
    Map<String, RuntimeDriver> drivers,
    ProxyManager proxy,
    HealthProber prober,
    PortAllocator replicaPorts,
    PortAllocator servicePorts,
    RestartBackoff backoff,
    EventLog events,
    Clock clock,
    Path logsDir,
    Path socketsDir,
    ScheduledExecutorService loop,
    ExecutorService workers,
    java.time.Duration autoscaleDownWindow) {}
