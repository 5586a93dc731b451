package io.splice.image;

/**
 * What {@link Images#prune} deleted from the local store.
 *
 * @param blobs blobs (layers, configs, manifests) that no tagged image needs
 * @param blobBytes their bytes
 * @param snapshots layers that were unpacked for {@code RUN} and that no tagged image has
 * @param snapshotBytes the bytes of their files
 * @param otherBytes the kept tar headers of the deleted layers, and leftovers of builds that died
 *     (temporary files and folders)
 */
public record PruneResult(int blobs, long blobBytes, int snapshots, long snapshotBytes, long otherBytes) {
  /** Everything freed, in bytes. */
  public long totalBytes() {
    return blobBytes + snapshotBytes + otherBytes;
  }
}
