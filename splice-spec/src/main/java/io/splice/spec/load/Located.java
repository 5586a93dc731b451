package io.splice.spec.load;

import io.splice.spec.SourcePosition;

/**
 * A value read from a spec, with what is needed to report a problem with it later.
 *
 * @param value the converted value
 * @param shown how a message names the value as written: {@code 'three'}, {@code -1}
 * @param position where the value was written
 * @param path the dotted path of the value: {@code services.catalog.replicas}
 */
record Located<T>(T value, String shown, SourcePosition position, String path) {

  static <T> Located<T> of(T value, YamlNode node, String path) {
    return new Located<>(value, node.describe(), node.position(), path);
  }

  /** The same place with another value, for a short form expanded into its canonical form. */
  <U> Located<U> with(U newValue) {
    return new Located<>(newValue, shown, position, path);
  }

  /** The value, or {@code fallback} when {@code located} is null (the key was absent). */
  static <T> T valueOr(Located<T> located, T fallback) {
    return located == null ? fallback : located.value();
  }
}
