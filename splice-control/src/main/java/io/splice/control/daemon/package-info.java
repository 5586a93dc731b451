/** The daemon: the composition root that builds the control plane and runs it until stopped. */
package io.splice.control.daemon;
