/**
 * The routing state behind the listeners: a {@link io.splice.proxy.route.Service} holds its active
 * upstream list (swapped atomically on a push) and the upstreams that are draining; an {@link
 * io.splice.proxy.route.Upstream} counts its requests and walks {@code ACTIVE -> DRAINING ->
 * CLOSED}, carrying its latency estimate, slow start and passive health; {@link
 * io.splice.proxy.route.RetryPolicy} says which failed attempts may be tried again, the service's
 * retry budget whether they are. No Netty and no I/O: time comes in through {@link
 * io.splice.proxy.route.Scheduler} and a clock, so the tests never sleep. Measurements leave
 * through the {@link io.splice.proxy.route.Telemetry} interface. Depends on {@code balancer},
 * {@code health}, {@code util} and the records of {@code admin}.
 */
package io.splice.proxy.route;
