/**
 * Loads {@code splice.yaml} and {@code docker-compose.yml} into the validated model of
 * {@code io.splice.spec}. A file goes through three steps: YAML text becomes a small tree of
 * {@code YamlNode}s that remember where each value was written; a reader
 * ({@code SpliceReader} or {@code ComposeReader}) turns the tree into a raw {@code AppDocument}
 * whose fields may all be missing, expanding short forms on the way; {@code AppValidator} applies
 * the defaults, checks every rule and builds the records. Every step collects its problems instead
 * of stopping at the first, so that {@link io.splice.spec.load.SpecLoader#load} reports all of them
 * at once as {@code file:line:column: message}. A Compose file is first interpolated
 * ({@code ${VAR}} from the environment and {@code .env}), and its services with inactive profiles
 * are left out ({@code LoadOptions}). {@code SpecPrinter} prints a loaded app back as a resolved
 * {@code splice.yaml} or as JSON.
 */
package io.splice.spec.load;
