package io.splice.image.oci;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The platform of a manifest in an index: {@code {"architecture":"amd64","os":"linux"}}.
 *
 * @param variant for example {@code v8} on arm64, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Platform(String architecture, String os, String variant) {
  /** The platform of this machine, in Go's names ({@code amd64}, {@code arm64}). */
  public static Platform current() {
    String arch = System.getProperty("os.arch");
    switch (arch) {
      case "x86_64":
      case "amd64":
        arch = "amd64";
        break;
      case "aarch64":
        arch = "arm64";
        break;
      default:
        break;
    }
    return new Platform(arch, "linux", null);
  }
}
