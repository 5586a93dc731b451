package io.splice.image.build;

import io.splice.image.dockerfile.Stage;
import io.splice.image.layer.RootFs;
import io.splice.image.sandbox.RootfsDir;
import io.splice.image.oci.ContainerConfig;
import io.splice.image.oci.Descriptor;
import io.splice.image.oci.ImageConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Everything a stage has so far: filesystem, layers, history and the config being written. */
final class StageState {
  static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

  final Stage stage;
  RootFs fs = new RootFs();
  /** The stage's files unpacked for RUN, made by the first RUN of the stage. */
  RootfsDir rootfs;
  final List<Descriptor> layers = new ArrayList<>();
  final List<String> diffIds = new ArrayList<>();
  final List<ImageConfig.History> history = new ArrayList<>();
  final List<BuildOutput.BuiltLayer> layerResults = new ArrayList<>();
  String chainKey = "scratch";
  String baseName;
  String baseDigest;
  String architecture;
  String os = "linux";
  String variant;
  String author;

  String user;
  final LinkedHashMap<String, String> env = new LinkedHashMap<>();
  List<String> entrypoint;
  List<String> cmd;
  final TreeMap<String, Map<String, Object>> exposedPorts = new TreeMap<>();
  final TreeMap<String, Map<String, Object>> volumes = new TreeMap<>();
  String workdir;
  final TreeMap<String, String> labels = new TreeMap<>();
  String stopSignal;
  ContainerConfig.HealthConfig healthcheck;
  List<String> shell;
  boolean cmdSetInStage;
  final LinkedHashMap<String, String> args = new LinkedHashMap<>();

  StageState(Stage stage) {
    this.stage = stage;
  }

  /** A new stage that starts where {@code parent} ended ({@code FROM parent}). */
  static StageState from(StageState parent, Stage stage) {
    StageState s = new StageState(stage);
    s.fs = parent.fs.copy();
    s.layers.addAll(parent.layers);
    s.diffIds.addAll(parent.diffIds);
    s.history.addAll(parent.history);
    for (BuildOutput.BuiltLayer r : parent.layerResults) {
      s.layerResults.add(new BuildOutput.BuiltLayer(r.digest(), r.diffId(), r.size(), true, r.createdBy()));
    }
    s.chainKey = parent.chainKey;
    s.baseName = parent.baseName;
    s.baseDigest = parent.baseDigest;
    s.architecture = parent.architecture;
    s.os = parent.os;
    s.variant = parent.variant;
    s.author = parent.author;
    s.applyConfig(parent.toConfig());
    return s;
  }

  /** Takes over a base image's config. */
  void applyConfig(ContainerConfig c) {
    user = c.user();
    env.clear();
    if (c.env() != null) {
      for (String kv : c.env()) {
        int eq = kv.indexOf('=');
        env.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
      }
    }
    entrypoint = c.entrypoint();
    cmd = c.cmd();
    exposedPorts.clear();
    if (c.exposedPorts() != null) {
      exposedPorts.putAll(c.exposedPorts());
    }
    volumes.clear();
    if (c.volumes() != null) {
      volumes.putAll(c.volumes());
    }
    workdir = c.workingDir();
    labels.clear();
    if (c.labels() != null) {
      labels.putAll(c.labels());
    }
    stopSignal = c.stopSignal();
    healthcheck = c.healthcheck();
    shell = c.shell();
  }

  /** The variables {@code ARG} and {@code ENV} give this stage; ENV wins over ARG. */
  Map<String, String> expansionEnv() {
    Map<String, String> all = new LinkedHashMap<>(args);
    all.putAll(env);
    return all;
  }

  /** The working directory, {@code /} when unset. */
  String workdirOrRoot() {
    return workdir == null || workdir.isEmpty() ? "/" : workdir;
  }

  List<String> shellOrDefault() {
    return shell == null ? DEFAULT_SHELL : shell;
  }

  ContainerConfig toConfig() {
    List<String> envList = new ArrayList<>();
    env.forEach((k, v) -> envList.add(k + "=" + v));
    return new ContainerConfig(
        user,
        exposedPorts.isEmpty() ? null : new TreeMap<>(exposedPorts),
        envList.isEmpty() ? null : envList,
        entrypoint,
        cmd,
        volumes.isEmpty() ? null : new TreeMap<>(volumes),
        workdir,
        labels.isEmpty() ? null : new TreeMap<>(labels),
        stopSignal,
        healthcheck,
        shell);
  }
}
