/** What the CLI prints: tables, durations, and spec diagnostics as {@code file:line:column: cause}. */
package io.splice.cli.output;
