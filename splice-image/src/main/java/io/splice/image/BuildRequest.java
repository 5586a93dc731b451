package io.splice.image;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What to build and where to put it; made with {@link #builder(Path)}.
 *
 * <pre>{@code
 * BuildRequest request = BuildRequest.builder(Path.of("catalog"))
 *     .tag("catalog:1")
 *     .buildArg("VERSION", "1.2")
 *     .ociLayout(Path.of("out/catalog-oci"))
 *     .push("127.0.0.1:5000/catalog:1")
 *     .progress(event -> System.out.println(event))
 *     .build();
 * BuildResult result = Images.build(request);
 * }</pre>
 */
public final class BuildRequest {
  /** The Dockerfile's name in the context when none is given. */
  public static final String DEFAULT_DOCKERFILE = "Dockerfile";
  /** How many unpacked layers a build leaves in the store when not told ({@link Builder#keepSnapshots}). */
  public static final int DEFAULT_KEEP_SNAPSHOTS = 64;

  private final Path contextDir;
  private final Path dockerfile;
  private final List<String> tags;
  private final String target;
  private final Map<String, String> buildArgs;
  private final boolean noCache;
  private final Path ociLayout;
  private final Path dockerArchive;
  private final Path storeDir;
  private final Instant sourceDateEpoch;
  private final Consumer<BuildEvent> progress;
  private final String push;
  private final Set<String> insecureRegistries;
  private final Map<String, Login> logins;
  private final LayerCompression compression;
  private final Path dockerConfig;
  private final int keepSnapshots;

  /** Basic-auth credentials for one registry; kept out of {@code toString}. */
  record Login(String username, String password) {
    @Override
    public String toString() {
      return "Login[username=" + username + ", password=***]";
    }
  }

  private BuildRequest(Builder b) {
    contextDir = b.contextDir;
    dockerfile = b.dockerfile != null ? b.dockerfile : b.contextDir.resolve(DEFAULT_DOCKERFILE);
    tags = List.copyOf(b.tags);
    target = b.target;
    buildArgs = Map.copyOf(b.buildArgs);
    noCache = b.noCache;
    ociLayout = b.ociLayout;
    dockerArchive = b.dockerArchive;
    storeDir = b.storeDir;
    sourceDateEpoch = b.sourceDateEpoch;
    progress = b.progress;
    push = b.push;
    insecureRegistries = Set.copyOf(b.insecureRegistries);
    logins = Map.copyOf(b.logins);
    compression = b.compression;
    dockerConfig = b.dockerConfig;
    keepSnapshots = b.keepSnapshots;
  }

  /** A builder for a build of the context directory {@code contextDir}. */
  public static Builder builder(Path contextDir) {
    return new Builder(contextDir);
  }

  public Path contextDir() { return contextDir; }

  public Path dockerfile() { return dockerfile; }

  public List<String> tags() { return tags; }

  /** The stage to build, or null for the last one. */
  public String target() { return target; }

  public Map<String, String> buildArgs() { return buildArgs; }

  public boolean noCache() { return noCache; }

  /** The OCI image layout directory to write, or null. */
  public Path ociLayout() { return ociLayout; }

  /** The docker-archive tar to write, or null. */
  public Path dockerArchive() { return dockerArchive; }

  /** The local image store, which also holds the layer cache. */
  public Path storeDir() { return storeDir; }

  /** The time every file and the config get, or null to use {@code SOURCE_DATE_EPOCH} or 0. */
  public Instant sourceDateEpoch() { return sourceDateEpoch; }

  public Consumer<BuildEvent> progress() { return progress; }

  /** The registry reference the image is pushed to ({@code --push}), or null. */
  public String push() { return push; }

  /**
   * Registries ({@code HOST} or {@code HOST:PORT}) that may be reached over plain HTTP or with an
   * unverified certificate; loopback registries always may.
   */
  public Set<String> insecureRegistries() { return insecureRegistries; }

  /** The registries that have credentials. */
  public Set<String> registriesWithCredentials() { return logins.keySet(); }

  Map<String, Login> logins() { return logins; }

  /**
   * The folder of Docker's client config ({@code config.json}) whose registry logins are used, or
   * null for the default: {@code $DOCKER_CONFIG}, else {@code ~/.docker}.
   */
  public Path dockerConfig() { return dockerConfig; }

  /** How new layers are compressed; {@link LayerCompression#GZIP} unless set. */
  public LayerCompression compression() { return compression; }

  /** How many unpacked layers (RUN's snapshots) the store keeps after the build. */
  public int keepSnapshots() { return keepSnapshots; }

  /** Builds a {@link BuildRequest}; every setter checks its value. */
  public static final class Builder {
    private final Path contextDir;
    private Path dockerfile;
    private final List<String> tags = new ArrayList<>();
    private String target;
    private final Map<String, String> buildArgs = new LinkedHashMap<>();
    private boolean noCache;
    private Path ociLayout;
    private Path dockerArchive;
    private Path storeDir;
    private Instant sourceDateEpoch;
    private Consumer<BuildEvent> progress = event -> {};
    private String push;
    private final Set<String> insecureRegistries = new HashSet<>();
    private final Map<String, Login> logins = new LinkedHashMap<>();
    private LayerCompression compression = LayerCompression.GZIP;
    private Path dockerConfig;
    private int keepSnapshots = DEFAULT_KEEP_SNAPSHOTS;

    private Builder(Path contextDir) {
      this.contextDir = Objects.requireNonNull(contextDir, "contextDir");
    }

    /** The Dockerfile ({@code -f}); {@code CONTEXT/Dockerfile} when not set. */
    public Builder dockerfile(Path file) {
      dockerfile = Objects.requireNonNull(file, "file");
      return this;
    }

    /** A name for the image in the local store ({@code -t NAME[:TAG]}); may be called again. */
    public Builder tag(String nameAndTag) {
      Objects.requireNonNull(nameAndTag, "nameAndTag");
      if (nameAndTag.isBlank()) {
        throw new IllegalArgumentException("tag: \"\" (expected: NAME[:TAG])");
      }
      tags.add(nameAndTag);
      return this;
    }

    /** The stage to build ({@code --target}). */
    public Builder target(String stage) {
      target = Objects.requireNonNull(stage, "stage");
      return this;
    }

    /** A build argument ({@code --build-arg NAME=VALUE}). */
    public Builder buildArg(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("build arg name: " + name + " (expected: letters, digits and '_')");
      }
      buildArgs.put(name, value);
      return this;
    }

    /** Builds every layer again, ignoring the layer cache ({@code --no-cache}). */
    public Builder noCache(boolean value) {
      noCache = value;
      return this;
    }

    /** Also writes the image to this OCI image layout directory ({@code --oci-layout DIR}). */
    public Builder ociLayout(Path dir) {
      ociLayout = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Also writes the image to this docker-archive tar ({@code --docker-archive FILE}). */
    public Builder dockerArchive(Path file) {
      dockerArchive = Objects.requireNonNull(file, "file");
      return this;
    }

    /** The local image store and layer cache (the CLI passes {@code STATE/images}). */
    public Builder storeDir(Path dir) {
      storeDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** The time for files and the config; overrides the {@code SOURCE_DATE_EPOCH} variable. */
    public Builder sourceDateEpoch(Instant time) {
      Objects.requireNonNull(time, "time");
      if (time.isBefore(Instant.EPOCH)) {
        throw new IllegalArgumentException("sourceDateEpoch: " + time + " (expected: >= 1970-01-01T00:00:00Z)");
      }
      sourceDateEpoch = time;
      return this;
    }

    /** Receives per-step progress. */
    public Builder progress(Consumer<BuildEvent> listener) {
      progress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Also pushes the image to a registry ({@code --push}), as {@code HOST[:PORT]/NAME[:TAG]}, for
     * example {@code 127.0.0.1:5000/catalog:1}. The registry gets the manifest the build wrote, so
     * its digest is {@link BuildResult#manifestDigest()}.
     */
    public Builder push(String reference) {
      Objects.requireNonNull(reference, "reference");
      if (!reference.matches("[^/\\s]+[.:][^/\\s]*/\\S+|localhost(:\\d+)?/\\S+")) {
        throw new IllegalArgumentException("push: " + reference + " (expected: HOST[:PORT]/NAME[:TAG], for example 127.0.0.1:5000/catalog:1)");
      }
      push = reference;
      return this;
    }

    /**
     * Allows plain HTTP (and unverified TLS) for a registry ({@code --insecure-registry HOST[:PORT]});
     * loopback registries ({@code 127.0.0.1}, {@code localhost}) are always allowed.
     */
    public Builder insecureRegistry(String registry) {
      Objects.requireNonNull(registry, "registry");
      if (registry.isBlank() || registry.contains("/")) {
        throw new IllegalArgumentException("insecureRegistry: " + registry + " (expected: HOST or HOST:PORT)");
      }
      insecureRegistries.add(registry);
      return this;
    }

    /**
     * The folder holding Docker's client config ({@code config.json}), like {@code docker
     * --config DIR}; by default {@code $DOCKER_CONFIG}, else {@code ~/.docker}. Its {@code auths}
     * logins (base64 {@code auth}, or {@code username} and {@code password}) are used for pulls
     * ({@code FROM}, {@code COPY --from}) and the push, for registries that {@link
     * #registryCredentials} gives nothing for. A file that cannot be read is skipped with a warning.
     */
    public Builder dockerConfig(Path dir) {
      dockerConfig = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Basic-auth credentials for a registry ({@code HOST} or {@code HOST:PORT}), for pulls and the push. */
    public Builder registryCredentials(String registry, String username, String password) {
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      if (registry.isBlank() || registry.contains("/")) {
        throw new IllegalArgumentException("registry: " + registry + " (expected: HOST or HOST:PORT)");
      }
      logins.put(registry, new Login(username, password));
      return this;
    }

    /**
     * How the layers this build writes are compressed ({@code --compression gzip|zstd});
     * {@link LayerCompression#GZIP} by default.
     */
    public Builder compression(LayerCompression value) {
      compression = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * How many layers unpacked for {@code RUN} (snapshots) the store keeps when the build ends:
     * the most recently used; {@value #DEFAULT_KEEP_SNAPSHOTS} by default. Those this build used,
     * and those used in the last ten minutes (perhaps by a concurrent build), are always kept.
     * Fewer means less disk and more unpacking in later builds.
     */
    public Builder keepSnapshots(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("keepSnapshots: " + count + " (expected: >= 0)");
      }
      keepSnapshots = count;
      return this;
    }

    /** The request; the store directory must be set. */
    public BuildRequest build() {
      if (storeDir == null) {
        throw new IllegalStateException("storeDir: not set (expected: the local image store directory)");
      }
      return new BuildRequest(this);
    }
  }
}
