/** One class per verb; each binds its options, then makes one call to the daemon through {@code splice-api}. */
package io.splice.cli.command;
