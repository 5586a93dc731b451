package io.splice.image.store;

import java.util.Locale;

/**
 * An image name as {@code splice build -t} takes it: {@code [REGISTRY/]REPOSITORY[:TAG]}, the tag
 * {@code latest} when none is given.
 */
public record ImageName(String repository, String tag) {
  private static final String REPOSITORY =
      "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?::[0-9]+)?(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*";
  private static final String TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";

  /** Parses a name; throws {@link IllegalArgumentException} naming what is wrong. */
  public static ImageName parse(String text) {
    String repository = text;
    String tag = "latest";
    int colon = text.lastIndexOf(':');
    if (colon > text.lastIndexOf('/')) {
      repository = text.substring(0, colon);
      tag = text.substring(colon + 1);
    }
    if (!repository.matches(REPOSITORY)) {
      String hint = repository.equals(repository.toLowerCase(Locale.ROOT)) ? "" : " (repository names are lower case)";
      throw new IllegalArgumentException("image name: " + text + " (expected: NAME[:TAG], for example catalog:1)" + hint);
    }
    if (!tag.matches(TAG)) {
      throw new IllegalArgumentException("image tag: " + tag + " (expected: letters, digits, '_', '.' or '-', at most 128)");
    }
    return new ImageName(repository, tag);
  }

  @Override
  public String toString() {
    return repository + ":" + tag;
  }
}
