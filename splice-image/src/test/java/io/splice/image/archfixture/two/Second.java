package io.splice.image.archfixture.two;

import io.splice.image.archfixture.one.First;

/** The other half of the deliberate package cycle. */
public final class Second {
  public First back() {
    return new First();
  }
}
