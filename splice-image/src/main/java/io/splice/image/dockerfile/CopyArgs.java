package io.splice.image.dockerfile;

import java.util.List;

/**
 * The arguments of {@code COPY} and {@code ADD}, as written.
 *
 * @param sources source paths, patterns or URLs, or heredoc names ({@code <<EOF})
 * @param destination the destination path
 * @param from the {@code --from} stage or image, or {@code null}
 * @param chown the {@code --chown} user and group, or {@code null}
 * @param chmod the {@code --chmod} octal mode, or {@code null}
 * @param heredocs the here-documents named in {@code sources}
 */
public record CopyArgs(
    List<String> sources,
    String destination,
    String from,
    String chown,
    String chmod,
    List<Heredoc> heredocs) {
  public CopyArgs {
    sources = List.copyOf(sources);
    heredocs = List.copyOf(heredocs);
  }

  /** The here-document a source names, if it is one ({@code <<EOF} or {@code <<-EOF}). */
  public java.util.Optional<Heredoc> heredoc(String source) {
    if (!source.startsWith("<<")) {
      return java.util.Optional.empty();
    }
    String name = source.substring(2).replaceFirst("^-", "").replace("\"", "").replace("'", "");
    return heredocs.stream().filter(h -> h.name().equals(name)).findFirst();
  }
}
