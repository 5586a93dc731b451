/** Desired and observed state in an embedded database, written through on every change. */
package io.splice.control.state;
