package io.splice.image.registry;

import java.util.Locale;

/**
 * An image in a registry: {@code HOST[:PORT]/REPOSITORY[:TAG][@DIGEST]}, for example {@code
 * 127.0.0.1:5000/shop/catalog:1}. The first component names a registry when it has a dot or a
 * port or is {@code localhost}; names without one are local names, not references.
 *
 * @param registry {@code HOST[:PORT]}
 * @param repository the path below the registry, for example {@code shop/catalog}
 * @param tag the tag, {@code latest} when neither a tag nor a digest is given
 * @param digest {@code sha256:...}, or null
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final String REPOSITORY = COMPONENT + "(?:/" + COMPONENT + ")*";
  private static final String TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
  private static final String DIGEST = "sha256:[a-f0-9]{64}";

  /** Whether {@code text} names an image in a registry rather than in the local store. */
  public static boolean isRegistryReference(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0) {
      return false;
    }
    String first = text.substring(0, slash);
    return first.contains(".") || first.contains(":") || first.equals("localhost");
  }

  /** Parses a reference; throws {@link IllegalArgumentException} saying what is wrong. */
  public static ImageReference parse(String text) {
    if (!isRegistryReference(text)) {
      throw new IllegalArgumentException("image reference: " + text
          + " (expected: HOST[:PORT]/NAME[:TAG], for example 127.0.0.1:5000/catalog:1)");
    }
    int slash = text.indexOf('/');
    String registry = text.substring(0, slash).toLowerCase(Locale.ROOT);
    String rest = text.substring(slash + 1);
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!digest.matches(DIGEST)) {
        throw new IllegalArgumentException("image digest: " + digest + " (expected: sha256: and 64 hex digits)");
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!tag.matches(TAG)) {
        throw new IllegalArgumentException("image tag: " + tag + " (expected: letters, digits, '_', '.' or '-', at most 128)");
      }
    }
    if (!rest.matches(REPOSITORY)) {
      throw new IllegalArgumentException("image name: " + rest + " in " + text + " (expected: lower-case path components)");
    }
    return new ImageReference(registry, rest, tag == null && digest == null ? "latest" : tag, digest);
  }

  /** What to ask the registry for: the digest when there is one, else the tag. */
  public String qualifier() {
    return digest != null ? digest : tag;
  }

  @Override
  public String toString() {
    return registry + "/" + repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }
}
