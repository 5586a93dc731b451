package io.splice.control.state;

/**
 * A stored app: the spec as it was when brought up, so that a restarted daemon keeps running what
 * the user asked for even if the file changed since.
 *
 * @param state {@code up} or {@code stopping}
 */
public record AppRow(String name, String specPath, String specJson, String state) {}
