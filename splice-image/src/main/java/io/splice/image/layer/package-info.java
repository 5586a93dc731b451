/**
 * Reproducible layers: {@link io.splice.image.layer.LayerWriter} writes sorted tar entries with
 * fixed times and owners, compressed with fixed settings ({@link io.splice.image.layer.Compression}:
 * gzip deflated in blocks on all cores, or zstd), and reports the layer's diffID and digest; {@link
 * io.splice.image.layer.LayerCache} finds a layer already built from the same inputs; {@link
 * io.splice.image.layer.FileDigests} remembers the digests of unchanged context files between
 * builds; {@link io.splice.image.layer.RootFs} is a stage's filesystem as an index over its layers
 * (whiteouts applied), from which {@code COPY --from} reads. Depends on {@code oci}.
 */
package io.splice.image.layer;
