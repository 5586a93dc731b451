package io.splice.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.splice.runtime.ContainerSpec;
import io.splice.runtime.ProcStat;
import io.splice.runtime.ReplicaHandle;
import io.splice.runtime.ReplicaSpec;
import io.splice.runtime.RuntimeDriver;
import io.splice.runtime.RuntimeDriverException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Runs each replica as a container of a Docker Engine, named {@code splice-ID} and labelled {@code
 * io.splice.replica=ID}. Like a process replica, a container outlives the daemon: its output goes
 * to the Engine (never through a pipe of ours), and the {@link ReplicaHandle} records its main
 * process's PID and start time as the host sees them, so that {@link #isRunning} reads {@code
 * /proc} instead of asking the Engine. The daemon must therefore share the Engine's PID namespace
 * (run on the same host, not in a container of its own).
 *
 * <p>Output: the Engine keeps each container's stdout and stderr (in a capped json-file log, for
 * {@code docker logs}), and this driver follows them into {@link ReplicaSpec#logFile()}, where the
 * daemon tails and rotates them as it does a process replica's. Following lives in this driver:
 * while no daemon runs, nobody copies; see {@link #adopt}.
 *
 * <p>A driver holds connections to the Engine and one following stream per replica: close it when
 * the daemon stops. Closing it leaves the containers running.
 */
public final class DockerDriver implements RuntimeDriver, Closeable {
  public static final String NAME = "docker";
  /** The label that names a container's replica. */
  public static final String REPLICA_LABEL = "io.splice.replica";
  /** How many bytes of a command's output {@link #exec} keeps. */
  public static final int MAX_EXEC_OUTPUT = 64 * 1024;

  private static final String CONTAINER_PREFIX = "splice-";
  private static final Pattern REPLICA_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Bounds every short request (all but following, exec and load), so a hung Engine cannot hang the daemon. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);
  private static final Duration PID_VISIBLE_WAIT = Duration.ofSeconds(1);
  /** How long a stopped container's last output may take to reach the log file. */
  private static final Duration LOG_DRAIN = Duration.ofSeconds(2);
  /** The Engine's own copy of the output, for {@code docker logs}: capped like the log file. */
  private static final LogConfig ENGINE_LOG = new LogConfig(LogConfig.LoggingType.JSON_FILE,
      Map.of("max-size", "10m", "max-file", "2"));
  private static final System.Logger LOG = System.getLogger(DockerDriver.class.getName());

  private final String host;
  private final DockerHttpClient apiHttp;
  private final DockerClient api;
  /** Without a response timeout: a followed container may stay silent for hours. */
  private final DockerClient streams;
  private final Map<String, LogFollower> followers = new ConcurrentHashMap<>();

  private DockerDriver(DockerClientConfig config) {
    this.host = config.getDockerHost().toString();
    this.apiHttp = http(config, CALL_TIMEOUT);
    this.api = DockerClientImpl.getInstance(config, apiHttp);
    this.streams = DockerClientImpl.getInstance(config, http(config, null));
  }

  /**
   * Connects to the Engine the environment names, as the {@code docker} command does: {@code
   * DOCKER_HOST} (with {@code DOCKER_TLS_VERIFY} and {@code DOCKER_CERT_PATH}), else {@code
   * unix:///var/run/docker.sock}. Fails, naming the address and what to do, when it does not answer.
   */
  public static DockerDriver connect() throws RuntimeDriverException {
    return connect(config(null));
  }

  /** Connects to the Engine at {@code host} ({@code unix:///PATH} or {@code tcp://HOST:PORT}). */
  public static DockerDriver connect(String host) throws RuntimeDriverException {
    return connect(config(Objects.requireNonNull(host, "host")));
  }

  private static DockerDriver connect(DockerClientConfig config) throws RuntimeDriverException {
    DockerDriver driver = new DockerDriver(config);
    try {
      driver.api.pingCmd().exec();
    } catch (RuntimeException e) {
      driver.close();
      throw EngineCalls.translate(driver.host, "the Docker Engine at " + driver.host + " refused a ping", e);
    }
    return driver;
  }

  /** A driver that has not checked that the Engine answers (for tests of an Engine that does not). */
  static DockerDriver open(String host) throws RuntimeDriverException {
    return new DockerDriver(config(host));
  }

  private static DockerClientConfig config(String host) throws RuntimeDriverException {
    DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
    if (host != null) {
      builder.withDockerHost(host);
    }
    DockerClientConfig config;
    try {
      config = builder.build();
    } catch (RuntimeException e) {
      config = null;
    }
    String scheme = config == null ? null : config.getDockerHost().getScheme();
    if (!"unix".equals(scheme) && !"tcp".equals(scheme)) {
      String given = host != null ? host : config != null ? config.getDockerHost().toString() : System.getenv("DOCKER_HOST");
      throw new RuntimeDriverException("Docker Engine address " + given + " is not usable (expected: unix:///PATH or tcp://HOST:PORT)");
    }
    return config;
  }

  private static DockerHttpClient http(DockerClientConfig config, Duration responseTimeout) {
    ZerodepDockerHttpClient.Builder builder = new ZerodepDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        .connectionTimeout(CONNECT_TIMEOUT);
    if (responseTimeout != null) {
      builder.responseTimeout(responseTimeout);
    }
    return builder.build();
  }

  /** The Engine's address. */
  public String host() {
    return host;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Creates and starts the replica's container from {@link ReplicaSpec#container()}, after
   * removing a leftover container of the same name, and follows its output into the log file from
   * its first byte. Returns once it runs; fails when the image is not in the Engine, or when the
   * container exits at once (its output is then in the log file).
   */
  @Override
  public ReplicaHandle start(ReplicaSpec spec) throws RuntimeDriverException {
    if (spec.container() == null) {
      throw new RuntimeDriverException(spec.id() + ": no container to run (the docker runtime runs images)");
    }
    if (!REPLICA_ID.matcher(spec.id()).matches()) {
      throw new RuntimeDriverException(spec.id() + ": not usable in a container name (expected: letters, digits, '_', '.', '-')");
    }
    String name = containerName(spec.id());
    try {
      Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new RuntimeDriverException(spec.id() + ": cannot create the folder of " + spec.logFile() + ": " + e.getMessage(), e);
    }
    closeFollower(spec.id());
    remove(spec.id(), name);
    String image = spec.container().image();
    if (!hasImage(image)) {
      throw new RuntimeDriverException(spec.id() + ": image " + image + " is not in the Docker Engine (at " + host
          + "; load it with docker load, or pull it with docker pull)");
    }
    EngineCalls.run(host, spec.id() + ": cannot create container " + name + " from " + image, () -> create(spec, name).exec());
    try {
      EngineCalls.run(host, spec.id() + ": cannot start container " + name, () -> api.startContainerCmd(name).exec());
      follow(spec.id(), name, spec.logFile(), true);
      return handle(spec, name);
    } catch (RuntimeDriverException e) {
      drainFollower(spec.id());
      removeQuietly(spec.id(), name);
      throw e;
    }
  }

  private CreateContainerCmd create(ReplicaSpec spec, String name) {
    ContainerSpec container = spec.container();
    Map<String, String> labels = new HashMap<>(container.labels());
    labels.put(REPLICA_LABEL, spec.id());
    List<String> env = spec.env().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(entry -> entry.getKey() + "=" + entry.getValue())
        .toList();
    HostConfig hostConfig = HostConfig.newHostConfig().withLogConfig(ENGINE_LOG);
    CreateContainerCmd create = api.createContainerCmd(container.image())
        .withName(name)
        .withLabels(labels)
        .withEnv(env)
        .withHostConfig(hostConfig);
    if (container.containerPort() == null) {
      // The host's network: the replica listens on the PORT its env names, so the proxy reaches
      // it on 127.0.0.1, and it reaches the other services' proxy listeners on 127.0.0.1, as a
      // process replica does.
      hostConfig.withNetworkMode("host");
    } else {
      ExposedPort port = ExposedPort.tcp(container.containerPort());
      create.withExposedPorts(port);
      hostConfig.withPortBindings(new Ports(port, Ports.Binding.bindIpAndPort("127.0.0.1", container.hostPort())));
    }
    if (container.cpus() != null) {
      hostConfig.withNanoCPUs(Math.round(container.cpus() * 1e9));
    }
    if (container.memoryBytes() != null) {
      // Swap included, so that the limit is the limit (docker run would allow as much swap again).
      hostConfig.withMemory(container.memoryBytes()).withMemorySwap(container.memoryBytes());
    }
    if (!spec.command().isEmpty()) {
      create.withCmd(spec.command());
    }
    return create;
  }

  private ReplicaHandle handle(ReplicaSpec spec, String name) throws RuntimeDriverException {
    ContainerState state = inspect(spec.id(), name)
        .orElseThrow(() -> new RuntimeDriverException(spec.id() + ": container " + name + " vanished as it started"));
    // A process that exits at once leaves /proc a moment before the Engine notices: only a container
    // that still runs after PID_VISIBLE_WAIT without a /proc entry means another PID namespace.
    long deadline = System.nanoTime() + PID_VISIBLE_WAIT.toNanos();
    while (state.running()) {
      Optional<ProcStat> stat = ProcStat.read(state.pid()).filter(ProcStat::alive);
      if (stat.isPresent()) {
        return new ReplicaHandle(spec.id(), NAME, state.pid(), stat.get().startTime(), spec.logFile());
      }
      if (System.nanoTime() > deadline) {
        throw new RuntimeDriverException(spec.id() + ": container " + name + " runs as PID " + state.pid()
            + ", which /proc here does not show: run the daemon in the Docker Engine's PID namespace (on its host)");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RuntimeDriverException(spec.id() + ": interrupted while container " + name + " started");
      }
      Optional<ContainerState> again = inspect(spec.id(), name);
      if (again.isEmpty()) {
        break;
      }
      state = again.get();
    }
    drainFollower(spec.id());
    Integer exitCode = inspect(spec.id(), name).map(ContainerState::exitCode).orElse(null);
    throw new RuntimeDriverException(spec.id() + ": container " + name + " exited at once"
        + (exitCode == null ? "" : " with code " + exitCode) + "; see " + spec.logFile());
  }

  /**
   * Finds the replica's container and checks that it runs with the recorded PID and start time;
   * empty otherwise, and when the Engine does not answer. Output is followed into the log file
   * again from the start of the current second on (the Engine counts whole seconds): what the
   * replica wrote while no daemon followed it, before that second, is missing from the file (the
   * Engine still has it: {@code docker logs splice-ID}); and when the previous daemon stopped
   * within that same second, the lines it wrote then appear twice.
   */
  @Override
  public Optional<ReplicaHandle> adopt(ReplicaHandle recorded) {
    if (!isRunning(recorded)) {
      return Optional.empty();
    }
    String name = containerName(recorded.id());
    try {
      Optional<ContainerState> state = inspect(recorded.id(), name);
      if (state.isEmpty() || !state.get().running() || state.get().pid() != recorded.pid()) {
        return Optional.empty();
      }
    } catch (RuntimeDriverException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot adopt " + recorded.id() + ": " + e.getMessage());
      return Optional.empty();
    }
    LogFollower current = followers.get(recorded.id());
    if (current == null || current.ended()) {
      try {
        follow(recorded.id(), name, recorded.logFile(), false);
      } catch (RuntimeDriverException e) {
        // It runs all the same; its output stays in the Engine's log.
        LOG.log(System.Logger.Level.WARNING, e.getMessage());
      }
    }
    return Optional.of(recorded);
  }

  /** Whether the container's main process still runs: a read of {@code /proc}, no Engine request. */
  @Override
  public boolean isRunning(ReplicaHandle handle) {
    return ProcStat.isSame(handle.pid(), handle.startTime());
  }

  /**
   * Stops the replica as {@code docker stop} does: the container's stop signal (its image's
   * STOPSIGNAL, else SIGTERM) to its main process, up to {@code grace} to exit, then SIGKILL. The
   * wait watches {@code /proc}, so a grace shorter than a second is kept too. Once the process is
   * gone and its last output is in the log file, the container is removed; a container that
   * already exited is just removed, and a missing one is no error. When the Engine does not
   * answer, the main process is signalled by its PID instead (TERM, grace, KILL) and the container
   * is left for the next start of this replica to remove.
   */
  @Override
  public void stop(ReplicaHandle handle, Duration grace) {
    String name = containerName(handle.id());
    try {
      Optional<ContainerState> found = inspect(handle.id(), name);
      if (found.isEmpty()) {
        closeFollower(handle.id());
        return;
      }
      ContainerState state = found.get();
      if (state.running() && state.pid() != handle.pid()) {
        return; // a later start of this replica runs under the name now: not the one to stop
      }
      if (state.running()) {
        signal(handle.id(), name, state.stopSignal());
        if (!ProcStat.awaitGone(handle.pid(), handle.startTime(), grace)) {
          signal(handle.id(), name, "SIGKILL");
          ProcStat.awaitGone(handle.pid(), handle.startTime(), KILL_WAIT);
        }
      }
      drainFollower(handle.id());
      remove(handle.id(), name);
    } catch (RuntimeDriverException e) {
      LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; stopping process " + handle.pid() + " by its PID");
      stopByPid(handle, grace);
    }
  }

  private static void stopByPid(ReplicaHandle handle, Duration grace) {
    Optional<ProcessHandle> process = ProcessHandle.of(handle.pid())
        .filter(p -> ProcStat.isSame(handle.pid(), handle.startTime()));
    if (process.isEmpty()) {
      return;
    }
    process.get().destroy();
    if (!ProcStat.awaitGone(handle.pid(), handle.startTime(), grace)) {
      process.get().destroyForcibly();
      ProcStat.awaitGone(handle.pid(), handle.startTime(), KILL_WAIT);
    }
  }

  /** Whether the Engine holds the image ({@code catalog:1}, {@code sha256:…}). */
  public boolean hasImage(String ref) throws RuntimeDriverException {
    try {
      api.inspectImageCmd(ref).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      throw EngineCalls.translate(host, "cannot look up image " + ref, e);
    }
  }

  /**
   * Loads a docker-archive tar ({@code docker save}'s format) into the Engine, reading {@code
   * archive} to its end (the caller closes it). Returns the loaded image's id ({@code sha256:…}),
   * also when the archive carried repository tags: the Engine keeps those tags as well, but the id
   * names exactly what was loaded. Fails when the archive is not one, or holds more than one image.
   */
  public String load(InputStream archive) throws RuntimeDriverException {
    return ImageArchive.load(api, streams, host, Objects.requireNonNull(archive, "archive"));
  }

  /**
   * Runs {@code command} inside the replica's running container (as {@code docker exec} does, in
   * the image's WORKDIR and as its USER), for a health check. Waits up to {@code timeout}; a
   * command still running then is killed (its main process; children it started may finish on
   * their own) and reported as timed out.
   */
  public ExecResult exec(ReplicaHandle handle, List<String> command, Duration timeout) throws RuntimeDriverException {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command: [] (expected: at least the program)");
    }
    if (!isRunning(handle)) {
      throw new RuntimeDriverException(handle.id() + ": not running");
    }
    String name = containerName(handle.id());
    return new ContainerExec(api, streams, host, handle.id() + ": cannot run " + command.get(0) + " in container " + name)
        .run(name, command, timeout);
  }

  /** Stops following output and closes the Engine connections; the containers keep running. */
  @Override
  public void close() {
    followers.values().forEach(LogFollower::close);
    followers.clear();
    closeQuietly(api);
    closeQuietly(streams);
  }

  static String containerName(String replicaId) {
    return CONTAINER_PREFIX + replicaId;
  }

  private Optional<ContainerState> inspect(String replica, String name) throws RuntimeDriverException {
    return EngineCalls.getJson(apiHttp, host, replica + ": cannot inspect container " + name, "/containers/" + name + "/json")
        .map(ContainerState::of);
  }

  private void signal(String replica, String name, String signal) throws RuntimeDriverException {
    try {
      api.killContainerCmd(name).withSignal(signal).exec();
    } catch (ConflictException | NotFoundException e) {
      // it exited, or was removed, meanwhile
    } catch (RuntimeException e) {
      throw EngineCalls.translate(host, replica + ": cannot send " + signal + " to container " + name, e);
    }
  }

  private void remove(String replica, String name) throws RuntimeDriverException {
    try {
      api.removeContainerCmd(name).withForce(true).exec();
    } catch (NotFoundException e) {
      // already gone
    } catch (ConflictException e) {
      // the Engine is removing it already
    } catch (RuntimeException e) {
      throw EngineCalls.translate(host, replica + ": cannot remove container " + name, e);
    }
  }

  private void removeQuietly(String replica, String name) {
    try {
      remove(replica, name);
    } catch (RuntimeDriverException e) {
      LOG.log(System.Logger.Level.WARNING, e.getMessage());
    }
  }

  private void follow(String replica, String name, Path logFile, boolean fromStart) throws RuntimeDriverException {
    LogFollower follower;
    try {
      follower = fromStart ? LogFollower.fromStart(streams, name, logFile) : LogFollower.fromNow(streams, name, logFile);
    } catch (IOException e) {
      throw new RuntimeDriverException(replica + ": cannot write " + logFile + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw EngineCalls.translate(host, replica + ": cannot follow the output of container " + name, e);
    }
    LogFollower previous = followers.put(replica, follower);
    if (previous != null) {
      previous.close();
    }
  }

  /** Lets a stopped container's last output reach the file, then stops following it. */
  private void drainFollower(String replica) {
    LogFollower follower = followers.remove(replica);
    if (follower != null) {
      follower.awaitEnd(LOG_DRAIN);
      follower.close();
    }
  }

  private void closeFollower(String replica) {
    LogFollower follower = followers.remove(replica);
    if (follower != null) {
      follower.close();
    }
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // closing connections: nothing to save
    }
  }
}
