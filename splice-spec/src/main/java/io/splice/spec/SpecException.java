package io.splice.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A spec that cannot be loaded: every error found, each with its position. */
public final class SpecException extends Exception {
  private final List<Diagnostic> errors;

  public SpecException(List<Diagnostic> errors) {
    super(errors.stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<Diagnostic> errors() {
    return errors;
  }
}
