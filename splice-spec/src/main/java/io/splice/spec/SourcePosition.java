package io.splice.spec;

import java.nio.file.Path;

/** Where in a spec file something was written; lines and columns count from 1. */
public record SourcePosition(Path file, int line, int column) {
  @Override
  public String toString() {
    return file.getFileName() + ":" + line + ":" + column;
  }
}
