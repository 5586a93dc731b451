/**
 * Reads a Dockerfile into a {@link io.splice.image.dockerfile.Dockerfile}: parser directives,
 * comments, line continuations, heredocs, JSON and shell forms, and one record of the sealed
 * {@link io.splice.image.dockerfile.Instruction} hierarchy per instruction, each with its line
 * range. Arguments stay as written; {@link io.splice.image.dockerfile.WordExpander} substitutes
 * {@code ARG} and {@code ENV} values at build time, and {@link
 * io.splice.image.dockerfile.DockerIgnore} applies {@code .dockerignore} patterns. Depends on
 * nothing else in the module but its exception type.
 */
package io.splice.image.dockerfile;
