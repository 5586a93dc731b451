package io.splice.image.lint;

import io.splice.image.dockerfile.Dockerfile;
import io.splice.image.dockerfile.Instruction;
import io.splice.image.dockerfile.Stage;
import java.util.List;
import java.util.Optional;

/**
 * {@code runs-as-root}: the image's container would run as root, because the final stage (and
 * the stages it starts from) sets no {@code USER}, or its last {@code USER} is {@code root} or
 * {@code 0}. Base images whose reference says {@code nonroot}, such as {@code
 * gcr.io/distroless/java21:nonroot}, already run as another user.
 */
final class RootUserRule implements Rule {
  @Override
  public String id() {
    return "runs-as-root";
  }

  @Override
  public List<Finding> check(Dockerfile file) {
    Stage last = file.lastStage();
    Stage stage = last;
    while (true) {
      Optional<Instruction.User> user = lastUser(stage);
      if (user.isPresent()) {
        return isRoot(user.get().user())
            ? List.of(finding(user.get().lines().first(), "the final USER is " + user.get().user()
                + ", so the container runs as root (expected: a non-root user, for example USER 10001)"))
            : List.of();
      }
      Optional<Stage> parent = parent(file, stage);
      if (parent.isEmpty()) {
        break;
      }
      stage = parent.get();
    }
    if (stage.from().image().contains("nonroot")) {
      return List.of();
    }
    return List.of(finding(last.from().lines().first(), "the final stage sets no USER, so the container runs"
        + " as root (expected: USER with a non-root user before the end)"));
  }

  private static Optional<Instruction.User> lastUser(Stage stage) {
    Instruction.User user = null;
    for (Instruction instruction : stage.instructions()) {
      if (instruction instanceof Instruction.User u) {
        user = u;
      }
    }
    return Optional.ofNullable(user);
  }

  /** The earlier stage that {@code stage} starts from, if its FROM names one. */
  private static Optional<Stage> parent(Dockerfile file, Stage stage) {
    return file.stage(stage.from().image()).filter(s -> s.index() < stage.index());
  }

  private static boolean isRoot(String user) {
    String name = user.split(":", 2)[0];
    return name.equals("root") || name.equals("0");
  }
}
