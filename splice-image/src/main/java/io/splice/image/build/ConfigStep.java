package io.splice.image.build;

import io.splice.image.core.ImageFailure;
import io.splice.image.dockerfile.Command;
import io.splice.image.dockerfile.Instruction;
import io.splice.image.dockerfile.KeyValue;
import io.splice.image.oci.ContainerConfig;
import io.splice.image.oci.ImageConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instructions that change only the image config: ENV, ARG, LABEL, MAINTAINER, USER, EXPOSE,
 * ENTRYPOINT, CMD, HEALTHCHECK, STOPSIGNAL, VOLUME and SHELL. Each adds an empty-layer history
 * entry (ARG adds none, as in Docker).
 */
final class ConfigStep {
  private ConfigStep() {}

  static void run(BuildSession session, StageState state, Instruction instruction) throws ImageFailure {
    Map<String, String> env = state.expansionEnv();
    if (instruction instanceof Instruction.Arg) {
      arg(session, state, (Instruction.Arg) instruction, env);
      return;
    }
    if (instruction instanceof Instruction.Env) {
      Map<String, String> values = new LinkedHashMap<>();
      for (KeyValue kv : ((Instruction.Env) instruction).pairs()) {
        values.put(session.expand(instruction, kv.key(), env), session.expand(instruction, kv.value(), env));
      }
      state.env.putAll(values);
    } else if (instruction instanceof Instruction.Label) {
      for (KeyValue kv : ((Instruction.Label) instruction).pairs()) {
        state.labels.put(session.expand(instruction, kv.key(), env), session.expand(instruction, kv.value(), env));
      }
    } else if (instruction instanceof Instruction.Maintainer) {
      state.author = ((Instruction.Maintainer) instruction).name();
    } else if (instruction instanceof Instruction.User) {
      state.user = session.expand(instruction, ((Instruction.User) instruction).user(), env);
    } else if (instruction instanceof Instruction.Expose) {
      for (String port : ((Instruction.Expose) instruction).ports()) {
        expose(session, state, instruction, session.expand(instruction, port, env));
      }
    } else if (instruction instanceof Instruction.Entrypoint) {
      state.entrypoint = argv(state, ((Instruction.Entrypoint) instruction).command());
      if (!state.cmdSetInStage) {
        state.cmd = null;
      }
    } else if (instruction instanceof Instruction.Cmd) {
      state.cmd = argv(state, ((Instruction.Cmd) instruction).command());
      state.cmdSetInStage = true;
    } else if (instruction instanceof Instruction.Healthcheck) {
      state.healthcheck = health((Instruction.Healthcheck) instruction);
    } else if (instruction instanceof Instruction.StopSignal) {
      String signal = session.expand(instruction, ((Instruction.StopSignal) instruction).signal(), env);
      if (!signal.matches("(SIG)?[A-Z0-9+-]+|\\d+")) {
        throw session.error(instruction, "invalid signal " + signal + " (expected: a name such as SIGTERM or a number)");
      }
      state.stopSignal = signal;
    } else if (instruction instanceof Instruction.Volume) {
      for (String path : ((Instruction.Volume) instruction).paths()) {
        String volume = session.expand(instruction, path, env);
        if (volume.isBlank()) {
          throw session.error(instruction, "volume path is empty");
        }
        state.volumes.put(volume, Map.of());
      }
    } else if (instruction instanceof Instruction.Shell) {
      state.shell = ((Instruction.Shell) instruction).shell();
    } else {
      throw new IllegalStateException("not a config instruction: " + instruction.keyword());
    }
    state.history.add(emptyLayer(session, instruction));
  }

  static ImageConfig.History emptyLayer(BuildSession session, Instruction instruction) {
    return new ImageConfig.History(session.epoch.toString(), instruction.text(), null, true);
  }

  private static void arg(BuildSession session, StageState state, Instruction.Arg arg, Map<String, String> env)
      throws ImageFailure {
    for (KeyValue kv : arg.args()) {
      String name = kv.key();
      String value;
      if (session.request.buildArgs().containsKey(name)) {
        value = session.request.buildArgs().get(name);
        session.usedBuildArgs.add(name);
      } else if (kv.value() != null) {
        value = session.expand(arg, kv.value(), env);
      } else {
        value = session.globalArgs.get(name);
      }
      if (value != null) {
        state.args.put(name, value);
      }
    }
  }

  private static void expose(BuildSession session, StageState state, Instruction instruction, String port)
      throws ImageFailure {
    String proto = "tcp";
    int slash = port.indexOf('/');
    String number = port;
    if (slash >= 0) {
      proto = port.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
      number = port.substring(0, slash);
    }
    if (!proto.matches("tcp|udp|sctp") || !number.matches("\\d{1,5}(-\\d{1,5})?")) {
      throw session.error(instruction, "invalid port " + port + " (expected: PORT[/tcp|udp|sctp] or FROM-TO)");
    }
    String[] range = number.split("-");
    int from = Integer.parseInt(range[0]);
    int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
    if (from < 1 || to > 65535 || to < from) {
      throw session.error(instruction, "invalid port " + port + " (expected: 1 to 65535)");
    }
    for (int p = from; p <= to; p++) {
      state.exposedPorts.put(p + "/" + proto, Map.of());
    }
  }

  private static List<String> argv(StageState state, Command command) {
    return new ArrayList<>(command.argv(state.shellOrDefault()));
  }

  private static ContainerConfig.HealthConfig health(Instruction.Healthcheck check) {
    if (check.none()) {
      return new ContainerConfig.HealthConfig(List.of("NONE"), 0, 0, 0, 0, 0);
    }
    List<String> test = new ArrayList<>();
    if (check.command().execForm()) {
      test.add("CMD");
      test.addAll(check.command().args());
    } else {
      test.add("CMD-SHELL");
      test.add(check.command().args().get(0));
    }
    return new ContainerConfig.HealthConfig(
        test,
        nanos(check.interval()),
        nanos(check.timeout()),
        nanos(check.startPeriod()),
        nanos(check.startInterval()),
        check.retries() == null ? 0 : check.retries());
  }

  private static long nanos(Duration d) {
    return d == null ? 0 : d.toNanos();
  }
}
