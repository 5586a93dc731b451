package io.splice.spec;

/** An error or warning about a spec, with where it was written. */
public record Diagnostic(SourcePosition position, String message) {
  @Override
  public String toString() {
    return position == null ? message : position + ": " + message;
  }
}
