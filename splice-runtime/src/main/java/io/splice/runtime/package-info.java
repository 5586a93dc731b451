/**
 * The runtime driver interface: start, adopt, inspect and stop replicas. Drivers live in
 * sub-packages ({@code process}, {@code docker}) and depend only on this package, which also holds
 * what they share: {@link io.splice.runtime.ProcStat}, how a replica's process is named by PID and
 * start time.
 */
package io.splice.runtime;
