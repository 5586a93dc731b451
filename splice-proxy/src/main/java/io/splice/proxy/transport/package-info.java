/**
 * The Netty transport the proxy runs on: native epoll when it is available (with SO_REUSEPORT on
 * listeners, so that a second proxy process can bind the same ports during a restart), NIO
 * otherwise; channels to Unix domain sockets on either; the byte tunnels ({@link
 * io.splice.proxy.transport.Relay}, which copies, and {@link io.splice.proxy.transport.SpliceRelay},
 * which moves bytes with {@code splice(2)} between epoll channels); and a work-around for a Netty
 * epoll behaviour on half-closed channels ({@link io.splice.proxy.transport.EpollRegistration}).
 * Depends on nothing else in the module.
 */
package io.splice.proxy.transport;
