/**
 * What the engine's internal packages share: {@link io.splice.image.core.ImageFailure}, the one
 * failure type they throw. The façade package translates it into its public exception, so that
 * no internal package needs the façade. Depends on nothing.
 */
package io.splice.image.core;
