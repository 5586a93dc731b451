/**
 * The proxy's Prometheus metrics: {@link io.splice.proxy.metrics.ProxyMetrics} records each
 * response (status class, latency histogram) through the {@code route.Telemetry} interface, and
 * reads the counters the routing state keeps from a status snapshot at each scrape. Depends on
 * {@code route} (the interface it implements), the {@code admin} status records and the Prometheus
 * Java client.
 */
package io.splice.proxy.metrics;
