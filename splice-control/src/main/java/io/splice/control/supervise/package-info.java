/** Restart policy for failed replicas: back-off and crash-loop detection. */
package io.splice.control.supervise;
