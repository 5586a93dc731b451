/**
 * Judging upstreams from the traffic itself: {@link io.splice.proxy.health.OutlierDetector}
 * ejects an upstream after consecutive connect failures or 5xx, for a time that grows with each
 * ejection, and keeps at least the panic threshold's share in rotation; {@link
 * io.splice.proxy.health.RetryBudget} bounds retries to a share of requests. Every change comes out
 * as a {@link io.splice.proxy.health.HealthEvent} with its reason. Plain Java, no Netty, no I/O,
 * no threads: time is a clock passed in. Depends on {@code util} only.
 */
package io.splice.proxy.health;
