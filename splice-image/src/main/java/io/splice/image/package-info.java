/** The image engine's public façade: build an OCI image from a Dockerfile without a daemon, and edit images. */
package io.splice.image;
