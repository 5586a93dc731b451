/**
 * The Netty transport the proxy runs on: native epoll when it is available (with SO_REUSEPORT on
 * listeners, so that a second proxy process can bind the same ports during a restart), NIO
 * otherwise. Depends on nothing else in the module.
 */
package io.splice.proxy.transport;
