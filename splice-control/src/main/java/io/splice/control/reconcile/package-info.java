/**
 * The reconciler: a pure function from desired and observed state to a plan. All side effects are
 * in {@code io.splice.control.apply}.
 */
package io.splice.control.reconcile;
