/** Active health checks of replicas and the thresholds that turn their results into readiness and replacement. */
package io.splice.control.health;
