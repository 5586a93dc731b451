/**
 * Lints a parsed {@link io.splice.image.dockerfile.Dockerfile} without building it: one
 * package-private {@link io.splice.image.lint.Rule} per check (undefined variables, stage names,
 * {@code COPY --from}, exec form, {@code MAINTAINER}, root at run time, secrets in {@code ARG} or
 * {@code ENV}, apt caches), run in order by {@link io.splice.image.lint.Linter}, and {@link
 * io.splice.image.lint.DockerfileJson}, which writes the parsed instructions and the findings for
 * tools. Depends on {@code dockerfile} only.
 */
package io.splice.image.lint;
