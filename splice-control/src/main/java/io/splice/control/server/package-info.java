/** The daemon's REST API on 127.0.0.1 with bearer-token auth, mapping the {@code splice-api} records onto the engine. */
package io.splice.control.server;
