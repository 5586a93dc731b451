/**
 * The control loop and the only side effects of the control plane: starting and stopping replicas
 * through runtime drivers, running health checks, and pushing the proxy's routes, in the order start →
 * ready → into the proxy, and out of the proxy → stop.
 */
package io.splice.control.apply;
