package io.splice.image.archfixture.one;

import io.splice.image.archfixture.two.Second;

/** Half of a deliberate package cycle, which the architecture test must catch. */
public final class First {
  public Second next() {
    return new Second();
  }
}
