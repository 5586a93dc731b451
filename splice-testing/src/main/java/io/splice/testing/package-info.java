/**
 * Helpers for tests that run against real parts: a Docker Engine ({@link
 * io.splice.testing.DockerEngineExtension}) and free loopback ports ({@link
 * io.splice.testing.FreePorts}). Modules depend on this one with test scope only.
 */
package io.splice.testing;
