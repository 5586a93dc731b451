/**
 * The daemon's REST API: request and response records, and {@link io.splice.api.SpliceClient}, the
 * only way the CLI talks to the daemon. Every call carries the bearer token from the state directory.
 */
package io.splice.api;
