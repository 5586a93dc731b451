/**
 * Choosing an upstream for a request: the {@link io.splice.proxy.balancer.Balancer} strategy and
 * the {@link io.splice.proxy.balancer.Endpoint} view it reads (weight and outstanding requests).
 * Plain Java with no I/O and no Netty, so that it is unit-tested with a seeded random source and
 * can be benchmarked on its own. Depends on nothing else in the module.
 */
package io.splice.proxy.balancer;
