package io.splice.image.store;

import io.splice.image.oci.Descriptor;
import io.splice.image.oci.ImageConfig;
import io.splice.image.oci.Manifest;

/** An image read from a layout: its manifest's descriptor, the manifest and the config. */
public record StoredImage(Descriptor descriptor, Manifest manifest, ImageConfig config) {
  /** The manifest's digest, which names the image. */
  public String digest() {
    return descriptor.digest();
  }

  /** The compressed size of the layers plus the config. */
  public long size() {
    return manifest.config().size() + manifest.layers().stream().mapToLong(Descriptor::size).sum();
  }
}
