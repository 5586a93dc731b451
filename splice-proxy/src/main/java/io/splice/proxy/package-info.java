/**
 * The proxy process: {@link io.splice.proxy.ProxyMain} (entry point, SIGTERM handling) and {@link
 * io.splice.proxy.ProxyServer} (the composition root: event loops, listeners, upstream pools, the
 * config file and the admin endpoint), with {@link io.splice.proxy.ProxySettings} for its limits
 * and timeouts. A config is validated, its new listeners bound, written to disk, and only then
 * swapped in. Depends on every other package of the module; nothing depends on it.
 */
package io.splice.proxy;
