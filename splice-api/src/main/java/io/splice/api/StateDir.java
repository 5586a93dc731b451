package io.splice.api;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The daemon's state directory ({@code ~/.splice} unless {@code --state-dir} or {@code SPLICE_HOME}
 * says otherwise) and the files both the daemon and the CLI read in it: the API token (mode 0600)
 * and {@code daemon.json}, which says where the daemon listens.
 */
public final class StateDir {
  public static final String ENV = "SPLICE_HOME";

  private final Path root;

  public StateDir(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The directory given, else {@code $SPLICE_HOME}, else {@code ~/.splice}. */
  public static StateDir resolve(Path given) {
    if (given != null) {
      return new StateDir(given);
    }
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      return new StateDir(Path.of(env));
    }
    return new StateDir(Path.of(System.getProperty("user.home"), ".splice"));
  }

  public Path root() {
    return root;
  }

  public Path database() {
    return root.resolve("db");
  }

  public Path logs() {
    return root.resolve("logs");
  }

  public Path proxy() {
    return root.resolve("proxy");
  }

  /** The Unix domain sockets of the replicas of {@code unix_socket} services. */
  public Path sockets() {
    return root.resolve("sockets");
  }

  /** The local image store that {@code splice build} and {@code splice up} build into. */
  public Path images() {
    return root.resolve("images");
  }

  /**
   * Built images as docker-archive tars named by their image id's hex ({@code <hex>.tar}), from
   * which the daemon loads an image into the Docker Engine when the engine does not have it.
   */
  public Path dockerArchives() {
    return images().resolve("docker");
  }

  public Path daemonLog() {
    return root.resolve("daemon.log");
  }

  public Path tokenFile() {
    return root.resolve("token");
  }

  public Path daemonFile() {
    return root.resolve("daemon.json");
  }

  /** The API token, created (random, mode 0600) when there is none yet. */
  public String token() throws IOException {
    Path file = tokenFile();
    if (!Files.exists(file)) {
      Files.createDirectories(root);
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, HexFormat.of().formatHex(random) + "\n");
      } catch (FileAlreadyExistsException e) {
        // another process created it first; use theirs
      }
    }
    return Files.readString(file).trim();
  }

  /** Where the daemon listens, if one has written it. */
  public Optional<DaemonInfo> daemonInfo() {
    try {
      return Optional.of(Json.mapper().readValue(daemonFile().toFile(), DaemonInfo.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public void writeDaemonInfo(DaemonInfo info) throws IOException {
    Path temp = root.resolve("daemon.json.tmp");
    Json.mapper().writeValue(temp.toFile(), info);
    Files.move(temp, daemonFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The running daemon's PID and API port. */
  public record DaemonInfo(long pid, int port) {}
}
