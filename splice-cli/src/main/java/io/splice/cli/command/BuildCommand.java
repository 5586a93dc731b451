package io.splice.cli.command;

import io.splice.cli.CliException;
import io.splice.cli.GlobalOptions;
import io.splice.image.BuildEvent;
import io.splice.image.BuildRequest;
import io.splice.image.BuildResult;
import io.splice.image.CheckFinding;
import io.splice.image.CheckResult;
import io.splice.image.ImageException;
import io.splice.image.Images;
import io.splice.image.LayerCompression;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code splice build CONTEXT -t NAME:TAG}: a Dockerfile to an OCI image without a Docker daemon.
 * Shows each step (and cache hits) and prints the manifest digest as its last line.
 *
 * <p>{@code splice build --check CONTEXT} parses and lints the Dockerfile without building, like
 * {@code docker build --check}: one {@code Dockerfile:LINE: RULE: message} a finding and a summary,
 * or with {@code --format json} the parsed instructions and the findings. It exits 1 when the file
 * does not parse, and with {@code --strict} also when there are findings.
 */
@Command(name = "build", description = "Build an OCI image from a Dockerfile, without a Docker daemon.")
public final class BuildCommand implements Callable<Integer> {
  /** Output formats of {@code --check}. */
  enum Format { TEXT, JSON }

  @Mixin GlobalOptions global;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Parameters(index = "0", paramLabel = "CONTEXT", description = "The build context folder.")
  Path context;

  @Option(names = {"-t", "--tag"}, paramLabel = "NAME:TAG", description = "Name the image in the local store (repeatable).")
  List<String> tags = new ArrayList<>();

  @Option(names = {"-f", "--file"}, paramLabel = "DOCKERFILE", description = "The Dockerfile (default: CONTEXT/Dockerfile).")
  Path dockerfile;

  @Option(names = "--target", paramLabel = "STAGE", description = "Build this stage instead of the last one.")
  String target;

  @Option(names = "--build-arg", paramLabel = "K=V", description = "Set a build argument (repeatable).")
  Map<String, String> buildArgs = new LinkedHashMap<>();

  @Option(names = "--no-cache", description = "Build every layer again.")
  boolean noCache;

  @Option(names = "--oci-layout", paramLabel = "DIR", description = "Also write the image as an OCI image layout folder.")
  Path ociLayout;

  @Option(names = "--docker-archive", paramLabel = "FILE", description = "Also write a tar that 'docker load' accepts.")
  Path dockerArchive;

  @Option(names = "--push", paramLabel = "REFERENCE",
      description = "Also push to a registry, e.g. 127.0.0.1:5000/shop/catalog:1 (plain HTTP for loopback registries).")
  String push;

  @Option(names = "--insecure-registry", paramLabel = "HOST:PORT", description = "Allow plain HTTP to this registry (repeatable).")
  List<String> insecureRegistries = new ArrayList<>();

  @Option(names = "--compression", paramLabel = "gzip|zstd", converter = CompressionConverter.class,
      description = "How new layers are compressed (default: gzip). zstd is smaller and faster, and needs"
          + " Docker 23+, containerd 1.5+, Podman or skopeo to read it.")
  LayerCompression compression = LayerCompression.GZIP;

  @Option(names = "--docker-config", paramLabel = "DIR",
      description = "The folder of Docker's config.json whose registry logins pulls and --push use"
          + " (default: $DOCKER_CONFIG, else ~/.docker).")
  Path dockerConfig;

  @Option(names = "--check", description = "Parse and lint the Dockerfile without building.")
  boolean check;

  @Option(names = "--strict", description = "With --check: exit 1 when there are findings, too.")
  boolean strict;

  @Option(names = "--format", paramLabel = "text|json",
      description = "With --check: the output format (default: ${DEFAULT-VALUE}).")
  String format = "text";

  @Override
  public Integer call() {
    if (!Files.isDirectory(context)) {
      throw new CliException(context + ": no such folder (expected: the build context)");
    }
    if (check) {
      return check(format());
    }
    if (strict || !format.equals("text")) {
      throw CliException.usage((strict ? "--strict" : "--format " + format) + " (expected: only with --check)");
    }
    BuildRequest.Builder request = BuildRequest.builder(context.toAbsolutePath().normalize())
        .storeDir(global.dir().root().resolve("images"))
        .noCache(noCache)
        .compression(compression)
        .progress(progress(""));
    if (dockerConfig != null) {
      if (!Files.isDirectory(dockerConfig)) {
        throw CliException.usage("--docker-config " + dockerConfig + ": no such folder (expected: the folder that holds config.json)");
      }
      request.dockerConfig(dockerConfig.toAbsolutePath().normalize());
    }
    if (dockerfile != null) {
      request.dockerfile(dockerfile.toAbsolutePath().normalize());
    }
    tags.forEach(request::tag);
    buildArgs.forEach(request::buildArg);
    if (target != null) {
      request.target(target);
    }
    if (ociLayout != null) {
      request.ociLayout(ociLayout.toAbsolutePath().normalize());
    }
    if (dockerArchive != null) {
      request.dockerArchive(dockerArchive.toAbsolutePath().normalize());
    }
    if (push != null) {
      request.push(push);
    }
    insecureRegistries.forEach(request::insecureRegistry);
    registryCredentials(request);
    BuildResult result;
    try {
      result = Images.build(request.build());
    } catch (ImageException e) {
      throw new CliException(e.getMessage());
    }
    long cached = result.layers().stream().filter(layer -> layer.cached()).count();
    System.out.printf("Built %d layers (%d from cache), %.1f MB%s%n", result.layers().size(), cached, result.size() / 1e6,
        result.tags().isEmpty() ? "" : ", tagged " + String.join(", ", result.tags()));
    System.out.println(result.manifestDigest());
    return 0;
  }

  /** Lints without building; exit 1 with --strict when there are findings. */
  private int check(Format output) {
    Path file = dockerfile != null ? dockerfile : context.resolve(BuildRequest.DEFAULT_DOCKERFILE);
    CheckResult result;
    try {
      result = Images.check(file.toAbsolutePath().normalize());
    } catch (ImageException e) {
      throw new CliException(e.getMessage());
    }
    if (output == Format.JSON) {
      System.out.print(result.json());
    } else {
      result.findings().forEach(finding -> System.out.println(finding.format(result.file())));
      System.out.println(summary(result));
    }
    System.out.flush();
    return strict && !result.clean() ? 1 : 0;
  }

  private Format format() {
    try {
      return Format.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw CliException.usage("--format " + format + " (expected: text or json)");
    }
  }

  /** {@code 2 findings in Dockerfile (3 stages)}, or {@code no findings in ...}. */
  private static String summary(CheckResult result) {
    List<CheckFinding> findings = result.findings();
    String count = findings.isEmpty() ? "no findings" : findings.size() + (findings.size() == 1 ? " finding" : " findings");
    return count + " in " + result.file() + " (" + result.stages() + (result.stages() == 1 ? " stage)" : " stages)");
  }

  /** Credentials for the push target from {@code SPLICE_REGISTRY_USER} and {@code SPLICE_REGISTRY_PASSWORD}. */
  private void registryCredentials(BuildRequest.Builder request) {
    String user = System.getenv("SPLICE_REGISTRY_USER");
    String password = System.getenv("SPLICE_REGISTRY_PASSWORD");
    if (push == null || user == null || password == null) {
      return;
    }
    int slash = push.indexOf('/');
    if (slash > 0) {
      request.registryCredentials(push.substring(0, slash), user, password);
    }
  }

  /** {@code gzip} or {@code zstd}, in any case; anything else is one clear line from picocli. */
  static final class CompressionConverter implements ITypeConverter<LayerCompression> {
    @Override
    public LayerCompression convert(String value) {
      for (LayerCompression c : LayerCompression.values()) {
        if (c.name().equalsIgnoreCase(value)) {
          return c;
        }
      }
      throw new TypeConversionException("'" + value + "' is not a layer compression (expected: gzip or zstd)");
    }
  }

  /** Prints a build's steps the way {@code docker build} does, each line after {@code prefix}. */
  static java.util.function.Consumer<BuildEvent> progress(String prefix) {
    return event -> {
      switch (event.kind()) {
        case STEP_STARTED -> System.out.printf("%sStep %d/%d%s : %s%n", prefix, event.step(), event.steps(),
            event.stage().isEmpty() || event.stage().chars().allMatch(Character::isDigit) ? "" : " [" + event.stage() + "]",
            event.text());
        case STEP_CACHED -> System.out.println(prefix + " ---> cached");
        case WARNING -> System.out.println(prefix + "warning: " + event.text());
        case OUTPUT -> System.out.println(prefix + "  | " + event.text());
        case STEP_DONE -> { }
      }
    };
  }
}
