/**
 * Runs a {@code RUN} command in an isolated root with {@code runc} and a generated OCI bundle (no
 * network: a new network namespace with only loopback). By default the root is an overlayfs mount,
 * made in a mount namespace of its own, of the stage's layers unpacked once each into the store
 * ({@link io.splice.image.sandbox.LayerDirs}, unpacked in the background while earlier steps run);
 * the mount's upper directory is then exactly the new layer ({@code UpperDiff}) and becomes that
 * layer's directory for later builds. Where overlayfs cannot be used (or with {@code
 * -Dsplice.overlay=false}), {@link io.splice.image.sandbox.RootfsDir} unpacks the stage's layers
 * into one directory and the difference between snapshots taken before and after becomes the
 * layer; both ways give the same layer bytes. Depends on {@code layer}, {@code oci} and {@code core}.
 */
package io.splice.image.sandbox;
