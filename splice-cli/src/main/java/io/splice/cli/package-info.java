/** The {@code splice} command line: the picocli root, error handling at the edge, and finding or starting the daemon. */
package io.splice.cli;
