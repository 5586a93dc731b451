/**
 * The runtime driver interface: start, adopt, inspect and stop replicas. Drivers live in
 * sub-packages ({@code process}) and depend only on this package.
 */
package io.splice.runtime;
