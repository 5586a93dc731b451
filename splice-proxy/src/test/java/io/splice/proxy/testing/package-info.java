/**
 * Test helpers that start real parts on 127.0.0.1: backends on the JDK's HTTP server, a raw
 * HTTP/1.1 connection that shows exactly what goes over the wire, free ports, polling with a
 * deadline, and small config builders.
 */
package io.splice.proxy.testing;
