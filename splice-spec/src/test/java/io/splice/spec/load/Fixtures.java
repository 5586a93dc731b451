package io.splice.spec.load;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Finds the spec files under {@code src/test/resources/specs}. */
final class Fixtures {
  private Fixtures() {}

  static Path spec(String relative) {
    URL url = Fixtures.class.getResource("/specs/" + relative);
    if (url == null) {
      throw new IllegalArgumentException("no fixture: " + relative);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
