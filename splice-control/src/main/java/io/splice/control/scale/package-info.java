/** The autoscaler: replica counts from the proxy's load figures, with a forecast and a stabilisation window. Pure. */
package io.splice.control.scale;
