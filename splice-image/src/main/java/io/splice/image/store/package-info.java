/**
 * Where images live: {@link io.splice.image.store.OciLayout} (an OCI image layout directory),
 * {@link io.splice.image.store.LocalImageStore} (an OCI layout whose {@code index.json} names each
 * image {@code name:tag}, and which also holds the layer cache's blobs), and {@link
 * io.splice.image.store.DockerArchiveWriter} (a tar that {@code docker load} accepts). Depends on
 * {@code oci}.
 */
package io.splice.image.store;
