/**
 * The routing state behind the listeners: a {@link io.splice.proxy.route.Service} holds its active
 * upstream list (swapped atomically on a push) and the upstreams that are draining; an {@link
 * io.splice.proxy.route.Upstream} counts its requests and walks {@code ACTIVE -> DRAINING ->
 * CLOSED}; {@link io.splice.proxy.route.RetryPolicy} says which failed attempts may be tried again.
 * No Netty and no I/O: time comes in through {@link io.splice.proxy.route.Scheduler}, so the tests
 * never sleep. Depends on {@code balancer} and the records of {@code admin}.
 */
package io.splice.proxy.route;
