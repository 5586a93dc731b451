package io.splice.image.lint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.splice.image.dockerfile.Command;
import io.splice.image.dockerfile.CopyArgs;
import io.splice.image.dockerfile.Dockerfile;
import io.splice.image.dockerfile.Instruction;
import io.splice.image.dockerfile.KeyValue;
import io.splice.image.dockerfile.Stage;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a parsed Dockerfile and its findings as JSON, for tools. Arguments are as written
 * (variables not substituted); {@code form} is there for commands only.
 *
 * <pre>{@code
 * {
 *   "file" : "Dockerfile",
 *   "globalArgs" : [ { "line" : 1, "endLine" : 1, "name" : "ARG", "flags" : { }, "arguments" : [ "GO=1.23" ] } ],
 *   "stages" : [ {
 *     "name" : "build",
 *     "instructions" : [
 *       { "line" : 2, "endLine" : 2, "name" : "FROM", "flags" : { }, "arguments" : [ "golang:${GO}", "AS", "build" ] },
 *       { "line" : 5, "endLine" : 6, "name" : "RUN", "flags" : { "mount" : "type=cache,target=/root/.cache" },
 *         "arguments" : [ "go build -o /app ." ], "form" : "shell" } ]
 *   } ],
 *   "findings" : [ { "line" : 9, "rule" : "runs-as-root", "message" : "the final stage sets no USER, ..." } ]
 * }
 * }</pre>
 */
public final class DockerfileJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DockerfileJson() {}

  /** The file's stages and instructions, and {@code findings}, as pretty-printed JSON. */
  public static String write(Dockerfile file, List<Finding> findings) {
    ObjectNode root = JSON.createObjectNode();
    root.put("file", file.name());
    ArrayNode globalArgs = root.putArray("globalArgs");
    file.globalArgs().forEach(arg -> globalArgs.add(instruction(arg)));
    ArrayNode stages = root.putArray("stages");
    for (Stage stage : file.stages()) {
      ObjectNode node = stages.addObject();
      node.put("name", stage.name());
      node.put("index", stage.index());
      ArrayNode instructions = node.putArray("instructions");
      instructions.add(instruction(stage.from()));
      stage.instructions().forEach(i -> instructions.add(instruction(i)));
    }
    ArrayNode out = root.putArray("findings");
    for (Finding finding : findings) {
      out.addObject().put("line", finding.line()).put("rule", finding.rule()).put("message", finding.message());
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode instruction(Instruction instruction) {
    Map<String, String> flags = new LinkedHashMap<>();
    List<String> arguments = new ArrayList<>();
    Command command = describe(instruction, flags, arguments);
    ObjectNode node = JSON.createObjectNode();
    node.put("line", instruction.lines().first());
    node.put("endLine", instruction.lines().last());
    node.put("name", instruction.keyword());
    ObjectNode flagNode = node.putObject("flags");
    flags.forEach(flagNode::put);
    ArrayNode args = node.putArray("arguments");
    arguments.forEach(args::add);
    if (command != null) {
      node.put("form", command.execForm() ? "exec" : "shell");
    }
    return node;
  }

  /** Fills in the flags and arguments; returns the command, for those instructions that have one. */
  private static Command describe(Instruction instruction, Map<String, String> flags, List<String> arguments) {
    if (instruction instanceof Instruction.From from) {
      putIfSet(flags, "platform", from.platform());
      arguments.add(from.image());
      if (from.stageName() != null) {
        arguments.addAll(List.of("AS", from.stageName()));
      }
    } else if (instruction instanceof Instruction.Run run) {
      flags.putAll(run.flags());
      arguments.addAll(run.command().args());
      return run.command();
    } else if (instruction instanceof Instruction.Copy copy) {
      copyArgs(copy.args(), flags, arguments);
    } else if (instruction instanceof Instruction.Add add) {
      copyArgs(add.args(), flags, arguments);
    } else if (instruction instanceof Instruction.Env env) {
      env.pairs().forEach(pair -> arguments.add(pair(pair)));
    } else if (instruction instanceof Instruction.Arg arg) {
      arg.args().forEach(pair -> arguments.add(pair(pair)));
    } else if (instruction instanceof Instruction.Label label) {
      label.pairs().forEach(pair -> arguments.add(pair(pair)));
    } else if (instruction instanceof Instruction.Workdir workdir) {
      arguments.add(workdir.path());
    } else if (instruction instanceof Instruction.User user) {
      arguments.add(user.user());
    } else if (instruction instanceof Instruction.Expose expose) {
      arguments.addAll(expose.ports());
    } else if (instruction instanceof Instruction.Maintainer maintainer) {
      arguments.add(maintainer.name());
    } else if (instruction instanceof Instruction.Entrypoint entrypoint) {
      arguments.addAll(entrypoint.command().args());
      return entrypoint.command();
    } else if (instruction instanceof Instruction.Cmd cmd) {
      arguments.addAll(cmd.command().args());
      return cmd.command();
    } else if (instruction instanceof Instruction.Healthcheck check) {
      return healthcheck(check, flags, arguments);
    } else if (instruction instanceof Instruction.StopSignal signal) {
      arguments.add(signal.signal());
    } else if (instruction instanceof Instruction.Volume volume) {
      arguments.addAll(volume.paths());
    } else if (instruction instanceof Instruction.Shell shell) {
      arguments.addAll(shell.shell());
    }
    return null;
  }

  private static Command healthcheck(Instruction.Healthcheck check, Map<String, String> flags, List<String> arguments) {
    if (check.none()) {
      arguments.add("NONE");
      return null;
    }
    putIfSet(flags, "interval", duration(check.interval()));
    putIfSet(flags, "timeout", duration(check.timeout()));
    putIfSet(flags, "start-period", duration(check.startPeriod()));
    putIfSet(flags, "start-interval", duration(check.startInterval()));
    putIfSet(flags, "retries", check.retries() == null ? null : check.retries().toString());
    arguments.add("CMD");
    arguments.addAll(check.command().args());
    return check.command();
  }

  private static void copyArgs(CopyArgs args, Map<String, String> flags, List<String> arguments) {
    putIfSet(flags, "from", args.from());
    putIfSet(flags, "chown", args.chown());
    putIfSet(flags, "chmod", args.chmod());
    arguments.addAll(args.sources());
    arguments.add(args.destination());
  }

  private static String pair(KeyValue pair) {
    return pair.value() == null ? pair.key() : pair.key() + "=" + pair.value();
  }

  private static void putIfSet(Map<String, String> flags, String name, String value) {
    if (value != null) {
      flags.put(name, value);
    }
  }

  /** {@code 30s}, {@code 1500ms}: the shortest Go-style duration that says it exactly. */
  private static String duration(Duration d) {
    if (d == null) {
      return null;
    }
    long millis = d.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
