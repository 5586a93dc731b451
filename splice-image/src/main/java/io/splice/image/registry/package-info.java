/**
 * Images in registries: {@link io.splice.image.registry.ImageReference} ({@code
 * HOST[:PORT]/NAME[:TAG]}), {@link io.splice.image.registry.RegistryAccess} (insecure hosts,
 * credentials) and {@link io.splice.image.registry.Registries} (pull and push with jib-core's
 * registry client). Depends on {@code oci}, {@code store} and {@code core}.
 */
package io.splice.image.registry;
