package io.splice.image.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.splice.image.core.ImageFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerfileParserTest {

  private static Dockerfile parse(String text) throws ImageFailure {
    return DockerfileParser.parse("Dockerfile", text);
  }

  private static List<Instruction> body(String text) throws ImageFailure {
    return parse(text).stages().get(0).instructions();
  }

  @Test
  void parse_fileFromDisk_namesItByFileName(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("Dockerfile.prod");
    Files.writeString(file, "FROM scratch\nCOPY a\n");

    assertThatThrownBy(() -> DockerfileParser.parse(file))
        .isInstanceOf(ImageFailure.class)
        .hasMessageStartingWith("Dockerfile.prod:2: COPY: expected at least 2 arguments");
  }

  @Test
  void parse_commentsAndBlankLines_areSkipped() throws Exception {
    Dockerfile file = parse("# a comment\n\nFROM scratch\n   # indented comment\nENV A=1\n");

    assertThat(file.stages()).hasSize(1);
    assertThat(file.stages().get(0).instructions()).hasSize(1);
    assertThat(file.stages().get(0).instructions().get(0).lines()).isEqualTo(new LineRange(5, 5));
  }

  @Test
  void parse_directives_onlyAtTheTop() throws Exception {
    Dockerfile file = parse("# syntax=docker/dockerfile:1\n# escape=`\n# other comment\n# check=skip=all\nFROM scratch\n");

    assertThat(file.directives()).containsEntry("syntax", "docker/dockerfile:1").containsEntry("escape", "`");
    assertThat(file.directives()).doesNotContainKey("check");
    assertThat(file.escape()).isEqualTo('`');
  }

  @Test
  void parse_directiveAfterBlankLine_isAComment() throws Exception {
    Dockerfile file = parse("\n# escape=`\nFROM scratch\n");

    assertThat(file.directives()).isEmpty();
    assertThat(file.escape()).isEqualTo('\\');
  }

  @Test
  void parse_duplicateDirective_fails() {
    assertThatThrownBy(() -> parse("# escape=`\n# escape=\\\nFROM scratch\n"))
        .hasMessage("Dockerfile:2: only one escape parser directive can be used");
  }

  @Test
  void parse_badEscapeDirective_fails() {
    assertThatThrownBy(() -> parse("# escape=x\nFROM scratch\n"))
        .hasMessage("Dockerfile:1: invalid escape token 'x' (expected: \\ or `)");
  }

  @Test
  void parse_backtickEscape_continuesLinesAndLeavesBackslashes() throws Exception {
    List<Instruction> body = body("# escape=`\nFROM scratch\nWORKDIR C:\\app `\n  \\sub\n");

    Instruction.Workdir workdir = (Instruction.Workdir) body.get(0);
    assertThat(workdir.path()).isEqualTo("C:\\app   \\sub");
    assertThat(workdir.lines()).isEqualTo(new LineRange(3, 4));
  }

  @Test
  void parse_continuation_joinsLinesAndSkipsCommentsAndBlankLinesInside() throws Exception {
    List<Instruction> body =
        body("FROM scratch\nRUN echo a \\\n# inside\n\n    && echo b \\\n  && echo c\nUSER app\n");

    Instruction.Run run = (Instruction.Run) body.get(0);
    assertThat(run.command().args()).containsExactly("echo a     && echo b   && echo c");
    assertThat(run.lines()).isEqualTo(new LineRange(2, 6));
    assertThat(body.get(1).lines().first()).isEqualTo(7);
  }

  @Test
  void parse_continuationAtEndOfFile_endsTheInstruction() throws Exception {
    List<Instruction> body = body("FROM scratch\nCMD echo hi \\");

    assertThat(((Instruction.Cmd) body.get(0)).command().args()).containsExactly("echo hi");
  }

  @Test
  void parse_jsonForm_isExecForm() throws Exception {
    List<Instruction> body = body("FROM scratch\nENTRYPOINT [\"/bin/app\", \"--port\", \"80\"]\n");

    Command command = ((Instruction.Entrypoint) body.get(0)).command();
    assertThat(command.execForm()).isTrue();
    assertThat(command.args()).containsExactly("/bin/app", "--port", "80");
  }

  @Test
  void parse_invalidJson_fallsBackToShellForm() throws Exception {
    List<Instruction> body = body("FROM scratch\nCMD [\"/bin/app\", 'x']\nCMD [1, 2]\n");

    Command first = ((Instruction.Cmd) body.get(0)).command();
    assertThat(first.execForm()).isFalse();
    assertThat(first.args()).containsExactly("[\"/bin/app\", 'x']");
    assertThat(first.argv(List.of("/bin/sh", "-c")))
        .containsExactly("/bin/sh", "-c", "[\"/bin/app\", 'x']");
    assertThat(((Instruction.Cmd) body.get(1)).command().execForm()).isFalse();
  }

  @Test
  void parse_emptyFile_fails() {
    assertThatThrownBy(() -> parse(""))
        .hasMessage("Dockerfile: the file has no instructions (it is empty or holds only comments)");
  }

  @Test
  void parse_onlyComments_fails() {
    assertThatThrownBy(() -> parse("# syntax=docker/dockerfile:1\n# nothing\n\n"))
        .hasMessageContaining("the file has no instructions");
  }

  @Test
  void parse_instructionBeforeFrom_fails() {
    assertThatThrownBy(() -> parse("ARG V=1\nENV A=1\nFROM scratch\n"))
        .hasMessage("Dockerfile:2: ENV: expected FROM first (only ARG may come before the first FROM)");
  }

  @Test
  void parse_unknownInstruction_fails() {
    assertThatThrownBy(() -> parse("FROM scratch\nCOPPY a b\n"))
        .hasMessage("Dockerfile:2: unknown instruction: COPPY");
  }

  @Test
  void parse_malformedInstructions_haveExactErrors() {
    assertThatThrownBy(() -> parse("FROM scratch\n\n\n\n\n\nCOPY only-one\n"))
        .hasMessage("Dockerfile:7: COPY: expected at least 2 arguments (source and destination), got 1");
    assertThatThrownBy(() -> parse("FROM a b\n"))
        .hasMessage("Dockerfile:1: FROM: expected IMAGE or IMAGE AS NAME, got 2 arguments");
    assertThatThrownBy(() -> parse("FROM scratch\nCOPY --own=1 a b\n"))
        .hasMessage("Dockerfile:2: COPY: unknown flag: --own");
    assertThatThrownBy(() -> parse("FROM scratch\nCOPY --chmod=abc a b\n"))
        .hasMessage("Dockerfile:2: COPY: --chmod=abc (expected: an octal mode such as 755)");
    assertThatThrownBy(() -> parse("FROM scratch\nSHELL /bin/bash -c\n"))
        .hasMessage("Dockerfile:2: SHELL: expected a JSON array, for example [\"/bin/sh\", \"-c\"]");
    assertThatThrownBy(() -> parse("FROM scratch\nENV A=1 B\n"))
        .hasMessage("Dockerfile:2: ENV: expected KEY=VALUE pairs, for example ENV A=1 B=\"two words\"");
    assertThatThrownBy(() -> parse("FROM scratch\nUSER a b\n"))
        .hasMessage("Dockerfile:2: USER: expected exactly one argument (a user), got 2");
    assertThatThrownBy(() -> parse("FROM scratch\nHEALTHCHECK --interval=soon CMD true\n"))
        .hasMessage("Dockerfile:2: HEALTHCHECK: --interval=soon (expected: a duration such as 30s or 1m30s)");
    assertThatThrownBy(() -> parse("FROM scratch AS one\nFROM scratch AS One\n"))
        .hasMessage("Dockerfile:2: FROM: duplicate stage name \"one\"");
    assertThatThrownBy(() -> parse("FROM scratch\nRUN\n"))
        .hasMessage("Dockerfile:2: RUN: expected a command");
  }

  @Test
  void parse_argBeforeAndAfterFrom() throws Exception {
    Dockerfile file = parse("ARG BASE=scratch\nARG V\nFROM ${BASE}\nARG V\nARG A=1 B=2\n");

    assertThat(file.globalArgs()).hasSize(2);
    assertThat(file.globalArgs().get(0).args()).containsExactly(new KeyValue("BASE", "scratch"));
    assertThat(file.globalArgs().get(1).args()).containsExactly(new KeyValue("V", null));
    assertThat(file.stages().get(0).from().image()).isEqualTo("${BASE}");
    Instruction.Arg two = (Instruction.Arg) file.stages().get(0).instructions().get(1);
    assertThat(two.args()).containsExactly(new KeyValue("A", "1"), new KeyValue("B", "2"));
  }

  @Test
  void parse_envForms_keepRawValues() throws Exception {
    List<Instruction> body = body("FROM scratch\nENV A=1 B=\"two words\" C=$A\nENV LEGACY some value here\n");

    assertThat(((Instruction.Env) body.get(0)).pairs())
        .containsExactly(new KeyValue("A", "1"), new KeyValue("B", "\"two words\""), new KeyValue("C", "$A"));
    assertThat(((Instruction.Env) body.get(1)).pairs())
        .containsExactly(new KeyValue("LEGACY", "some value here"));
  }

  @Test
  void parse_multiStage_namesAndFlags() throws Exception {
    Dockerfile file =
        parse(
            "FROM --platform=linux/arm64 scratch AS Build\nCOPY a /a\n"
                + "FROM scratch\nCOPY --from=build --chown=1:2 --chmod=0640 /a /b\n");

    assertThat(file.stages()).extracting(Stage::name).containsExactly("build", null);
    assertThat(file.stage("BUILD")).contains(file.stages().get(0));
    assertThat(file.stage("1")).contains(file.stages().get(1));
    assertThat(file.warnings()).containsExactly(
        "Dockerfile:1: FROM --platform=linux/arm64 is ignored; the build's own platform is used");
    CopyArgs copy = ((Instruction.Copy) file.stages().get(1).instructions().get(0)).args();
    assertThat(copy.from()).isEqualTo("build");
    assertThat(copy.chown()).isEqualTo("1:2");
    assertThat(copy.chmod()).isEqualTo("0640");
    assertThat(copy.sources()).containsExactly("/a");
    assertThat(copy.destination()).isEqualTo("/b");
  }

  @Test
  void parse_copyJsonForm_keepsSpaces() throws Exception {
    List<Instruction> body = body("FROM scratch\nCOPY --chown=app [\"my file\", \"/dest dir/\"]\n");

    CopyArgs args = ((Instruction.Copy) body.get(0)).args();
    assertThat(args.sources()).containsExactly("my file");
    assertThat(args.destination()).isEqualTo("/dest dir/");
    assertThat(args.chown()).isEqualTo("app");
  }

  @Test
  void parse_heredocs_forRunAndCopy() throws Exception {
    String text =
        "FROM scratch\n"
            + "RUN <<EOF\n"
            + "echo one\n"
            + "echo two\n"
            + "EOF\n"
            + "COPY <<-'CONF' <<\"B\" /etc/app/\n"
            + "\t\tkey=$HOME\n"
            + "\tCONF\n"
            + "b body\n"
            + "B\n"
            + "USER app\n";

    List<Instruction> body = body(text);

    Instruction.Run run = (Instruction.Run) body.get(0);
    assertThat(run.heredocs()).containsExactly(new Heredoc("EOF", "echo one\necho two\n", true));
    assertThat(run.lines()).isEqualTo(new LineRange(2, 5));
    Instruction.Copy copy = (Instruction.Copy) body.get(1);
    assertThat(copy.args().heredocs())
        .containsExactly(new Heredoc("CONF", "key=$HOME\n", false), new Heredoc("B", "b body\n", false));
    assertThat(copy.args().heredoc("<<-'CONF'")).contains(copy.args().heredocs().get(0));
    assertThat(copy.lines()).isEqualTo(new LineRange(6, 10));
    assertThat(body.get(2).lines().first()).isEqualTo(11);
  }

  @Test
  void parse_unterminatedHeredoc_fails() {
    assertThatThrownBy(() -> parse("FROM scratch\nRUN <<EOF\necho\n"))
        .hasMessage("Dockerfile:2: RUN: heredoc EOF is not terminated");
  }

  @Test
  void parse_healthcheck_optionsAndNone() throws Exception {
    List<Instruction> body =
        body("FROM scratch\nHEALTHCHECK --interval=1m30s --timeout=500ms --retries=3 CMD [\"/probe\"]\nHEALTHCHECK NONE\n");

    Instruction.Healthcheck check = (Instruction.Healthcheck) body.get(0);
    assertThat(check.interval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(check.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(check.retries()).isEqualTo(3);
    assertThat(check.command().args()).containsExactly("/probe");
    assertThat(((Instruction.Healthcheck) body.get(1)).none()).isTrue();
  }

  @Test
  void parse_everyInstruction_hasItsRecord() throws Exception {
    String text =
        "FROM scratch\nRUN true\nCOPY a b\nADD c d\nENV A=1\nARG B\nWORKDIR /w\nUSER 1000:1000\n"
            + "EXPOSE 80 53/udp\nLABEL a=b\nMAINTAINER me\nENTRYPOINT [\"/e\"]\nCMD c\n"
            + "HEALTHCHECK CMD true\nSTOPSIGNAL SIGTERM\nVOLUME /data /logs\nSHELL [\"/bin/bash\", \"-c\"]\n";

    assertThat(body(text))
        .extracting(Instruction::keyword)
        .containsExactly(
            "RUN", "COPY", "ADD", "ENV", "ARG", "WORKDIR", "USER", "EXPOSE", "LABEL", "MAINTAINER",
            "ENTRYPOINT", "CMD", "HEALTHCHECK", "STOPSIGNAL", "VOLUME", "SHELL");
  }

  @Test
  void parse_keywordsIgnoreCase() throws Exception {
    assertThat(body("from scratch\ncopy a b\n").get(0)).isInstanceOf(Instruction.Copy.class);
  }
}
