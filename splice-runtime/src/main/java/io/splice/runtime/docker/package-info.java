/**
 * The {@code docker} runtime: replicas as containers of a Docker Engine, driven through its API
 * (docker-java). A container outlives the daemon as a process replica does; a restarted daemon
 * finds it again by name and checks its main process's PID and start time.
 */
package io.splice.runtime.docker;
