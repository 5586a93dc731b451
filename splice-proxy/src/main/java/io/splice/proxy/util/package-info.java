/**
 * Small helpers every other package may use: argument checks with messages that name the value.
 * Depends on nothing else in the module.
 */
package io.splice.proxy.util;
