package io.splice.image.lint;

import io.splice.image.dockerfile.Dockerfile;
import java.util.List;

/** One check of a parsed Dockerfile. Rules are pure: they read the file and return findings. */
interface Rule {
  /** The rule's id in kebab-case, as findings show it, for example {@code undefined-variable}. */
  String id();

  /** The problems in {@code file}, in any order. */
  List<Finding> check(Dockerfile file);

  /** A finding of this rule. */
  default Finding finding(int line, String message) {
    return new Finding(line, id(), message);
  }
}
