package io.splice.control.host;

import io.splice.runtime.ReplicaHandle;
import io.splice.runtime.ReplicaSpec;
import io.splice.runtime.RuntimeDriver;
import io.splice.runtime.RuntimeDriverException;
import io.splice.runtime.docker.DockerDriver;
import io.splice.runtime.docker.ExecResult;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * The docker runtime as the daemon uses it: connects to the Docker Engine on first use (so the
 * daemon starts, and runs process services, without one; and finds an Engine started later), and
 * before a container starts makes sure the Engine has its image, loading the archive that {@code
 * splice up} built when it does not.
 */
public final class DockerHost implements RuntimeDriver, Closeable {
  private static final Pattern IMAGE_ID = Pattern.compile("sha256:([0-9a-f]{64})");

  private final Path archives;
  private final ConcurrentMap<String, Object> loading = new ConcurrentHashMap<>();
  private volatile DockerDriver driver;

  /** @param archives where built images wait as docker-archives named {@code <hex>.tar} */
  public DockerHost(Path archives) {
    this.archives = archives;
  }

  /** The Engine's driver; connects first when there is none yet, and fails with what to do when it does not answer. */
  public DockerDriver engine() throws RuntimeDriverException {
    DockerDriver connected = driver;
    if (connected == null) {
      synchronized (this) {
        if (driver == null) {
          driver = DockerDriver.connect();
        }
        connected = driver;
      }
    }
    return connected;
  }

  @Override
  public String name() {
    return DockerDriver.NAME;
  }

  @Override
  public ReplicaHandle start(ReplicaSpec spec) throws RuntimeDriverException {
    DockerDriver engine = engine();
    if (spec.container() != null) {
      ensureImage(engine, spec.container().image());
    }
    return engine.start(spec);
  }

  @Override
  public Optional<ReplicaHandle> adopt(ReplicaHandle recorded) {
    try {
      return engine().adopt(recorded);
    } catch (RuntimeDriverException e) {
      return Optional.empty(); // no Engine: its containers cannot be reached, so they are started again
    }
  }

  @Override
  public boolean isRunning(ReplicaHandle handle) {
    DockerDriver connected = driver;
    return connected != null && connected.isRunning(handle);
  }

  @Override
  public void stop(ReplicaHandle handle, Duration grace) {
    DockerDriver connected = driver;
    if (connected != null) {
      connected.stop(handle, grace);
    }
  }

  /** Runs a health check command inside the replica's container. */
  public ExecResult exec(ReplicaHandle handle, List<String> command, Duration timeout) throws RuntimeDriverException {
    return engine().exec(handle, command, timeout);
  }

  /**
   * Loads a built image into the Engine when it lacks it, one load at a time per image. Once the
   * Engine has it, its archive is deleted: the archives would otherwise keep a copy of every build.
   */
  private void ensureImage(DockerDriver engine, String image) throws RuntimeDriverException {
    var id = IMAGE_ID.matcher(image);
    Path archive = id.matches() ? archives.resolve(id.group(1) + ".tar") : null;
    if (engine.hasImage(image)) {
      deleteQuietly(archive);
      return;
    }
    if (archive == null || !Files.isRegularFile(archive)) {
      throw new RuntimeDriverException("image " + image + " is not in the Docker Engine at " + engine.host()
          + (archive == null ? " (load or pull it there first, e.g. 'docker pull " + image + "')"
              : " and its archive " + archive + " is gone ('splice up' builds it again)"));
    }
    synchronized (loading.computeIfAbsent(image, key -> new Object())) {
      if (engine.hasImage(image)) {
        deleteQuietly(archive);
        return;
      }
      String loaded;
      try (InputStream in = Files.newInputStream(archive)) {
        loaded = engine.load(in);
      } catch (IOException e) {
        throw new RuntimeDriverException("cannot read " + archive + ": " + e.getMessage());
      }
      if (!loaded.equals(image)) {
        throw new RuntimeDriverException(archive + " holds image " + loaded + ", not " + image);
      }
      deleteQuietly(archive);
    }
  }

  private static void deleteQuietly(Path archive) {
    if (archive == null) {
      return;
    }
    try {
      Files.deleteIfExists(archive);
    } catch (IOException e) {
      // kept: the next start that finds the image in the Engine tries again
    }
  }

  @Override
  public void close() {
    DockerDriver connected = driver;
    if (connected != null) {
      connected.close();
    }
  }
}
