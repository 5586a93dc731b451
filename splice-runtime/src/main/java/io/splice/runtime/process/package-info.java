/** The default runtime: replicas as detached child processes, adoptable by a restarted daemon. */
package io.splice.runtime.process;
