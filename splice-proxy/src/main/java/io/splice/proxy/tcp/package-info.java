/**
 * TCP (L4) listener mode: a client connection gets an upstream chosen like an HTTP request's
 * (traffic group, balancer, retries on a refused connect) and then a plain byte {@link
 * io.splice.proxy.transport.Relay} both ways, with back-pressure and half-close. Depends on {@code
 * http} (listeners, upstream connections), {@code route}, {@code health} and {@code transport}.
 */
package io.splice.proxy.tcp;
