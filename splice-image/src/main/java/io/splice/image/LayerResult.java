package io.splice.image;

/**
 * One layer of a built image.
 *
 * @param digest the compressed layer's digest, as in the manifest
 * @param diffId the uncompressed layer's digest, as in the config
 * @param size the compressed size in bytes
 * @param cached whether this build reused it: from the base image or the layer cache
 * @param createdBy the instruction that made it, or {@code base} for the base image's layers
 */
public record LayerResult(String digest, String diffId, long size, boolean cached, String createdBy) {}
