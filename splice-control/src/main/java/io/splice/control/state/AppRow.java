package io.splice.control.state;

/**
 * A stored app: the spec as it was when brought up or last deployed, so that a restarted daemon
 * keeps running what the user asked for even if the file changed since.
 *
 * @param state {@code up} or {@code stopping}
 * @param previousSpecJson the spec before the last deploy, what {@code splice rollback} returns to; or null
 * @param deployTokens per service, a counter bumped by a deploy that changes nothing (a rolling restart), as JSON
 */
public record AppRow(String name, String specPath, String specJson, String state, String previousSpecJson, String deployTokens) {
  public AppRow(String name, String specPath, String specJson, String state) {
    this(name, specPath, specJson, state, null, "{}");
  }
}
