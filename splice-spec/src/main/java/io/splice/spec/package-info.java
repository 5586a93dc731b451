/**
 * The validated app model: immutable records with every default applied and every path absolute.
 * {@code io.splice.spec.load} builds it from {@code splice.yaml} or a Compose file.
 */
package io.splice.spec;
