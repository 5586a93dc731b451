/**
 * Runs a {@code RUN} command in an isolated root: {@link io.splice.image.sandbox.RootfsDir} unpacks
 * the stage's layers into a directory, {@link io.splice.image.sandbox.Sandbox} runs the command
 * there with {@code runc} and a generated OCI bundle (no network: a new network namespace with
 * only loopback), and the difference between the filesystem before and after becomes layer
 * entries with OCI whiteouts. Depends on {@code layer}, {@code oci} and {@code core}.
 */
package io.splice.image.sandbox;
