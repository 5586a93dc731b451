package io.splice.image.dockerfile;

import io.splice.image.core.ImageFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses a Dockerfile.
 *
 * <pre>{@code
 * Dockerfile file = DockerfileParser.parse(Path.of("catalog/Dockerfile"));
 * for (Stage stage : file.stages()) {
 *   stage.instructions().forEach(i -> System.out.println(i.lines() + " " + i.keyword()));
 * }
 * }</pre>
 *
 * <p>Errors name the file, the line and the instruction: {@code Dockerfile:7: COPY: expected at
 * least 2 arguments (source and destination), got 1}.
 */
public final class DockerfileParser {
  private DockerfileParser() {}

  /** Reads and parses a Dockerfile; errors name it by its file name. */
  public static Dockerfile parse(Path file) throws ImageFailure {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ImageFailure("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
    }
    return parse(file.getFileName().toString(), text);
  }

  /** Parses a Dockerfile's text; {@code name} is how errors name the file. */
  public static Dockerfile parse(String name, String text) throws ImageFailure {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    SourceReader reader = new SourceReader(name, text);
    List<LogicalLine> lines = reader.read();
    if (lines.isEmpty()) {
      throw new ImageFailure(name + ": the file has no instructions (it is empty or holds only comments)");
    }
    List<String> warnings = new ArrayList<>();
    InstructionParser parser = new InstructionParser(name, reader.escape(), warnings);
    List<Instruction.Arg> globalArgs = new ArrayList<>();
    List<Stage> stages = new ArrayList<>();
    Set<String> stageNames = new HashSet<>();
    Instruction.From from = null;
    List<Instruction> body = new ArrayList<>();
    for (LogicalLine line : lines) {
      Instruction instruction = parser.parse(line);
      if (instruction instanceof Instruction.From) {
        if (from != null) {
          stages.add(new Stage(stages.size(), from.stageName(), from, body));
          body = new ArrayList<>();
        }
        from = (Instruction.From) instruction;
        if (from.stageName() != null && !stageNames.add(from.stageName())) {
          throw ImageFailure.at(
              name, from.lines().first(), "FROM", "duplicate stage name \"" + from.stageName() + "\"");
        }
      } else if (from == null) {
        if (!(instruction instanceof Instruction.Arg)) {
          throw ImageFailure.at(
              name,
              instruction.lines().first(),
              instruction.keyword(),
              "expected FROM first (only ARG may come before the first FROM)");
        }
        globalArgs.add((Instruction.Arg) instruction);
      } else {
        body.add(instruction);
      }
    }
    if (from == null) {
      throw new ImageFailure(name + ": no FROM instruction (a build needs at least one stage)");
    }
    stages.add(new Stage(stages.size(), from.stageName(), from, body));
    return new Dockerfile(name, reader.directives(), reader.escape(), globalArgs, stages, warnings);
  }
}
