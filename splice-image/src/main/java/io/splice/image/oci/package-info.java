/**
 * The OCI image model as it travels on the wire: {@link io.splice.image.oci.Manifest}, {@link
 * io.splice.image.oci.ImageIndex}, {@link io.splice.image.oci.ImageConfig} and {@link
 * io.splice.image.oci.Descriptor}, each with an example in its Javadoc, plus {@link
 * io.splice.image.oci.OciJson} (stable, sorted JSON so that digests are reproducible) and {@link
 * io.splice.image.oci.Digests}. Depends on nothing else in the module.
 */
package io.splice.image.oci;
