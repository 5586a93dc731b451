package io.splice.image.build;

import io.splice.image.core.ImageFailure;
import io.splice.image.dockerfile.Instruction;
import io.splice.image.layer.LayerEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code WORKDIR}: sets the working directory (a relative path extends the current one) and, when
 * the directory does not exist yet, adds a layer that creates it and its missing parents.
 */
final class WorkdirStep {
  private WorkdirStep() {}

  /** Returns whether a layer came from the cache; false when no layer was needed or it was built. */
  static boolean run(BuildSession session, StageState state, Instruction.Workdir workdir) throws ImageFailure {
    String path = session.expand(workdir, workdir.path(), state.expansionEnv());
    String absolute = LayerEntry.normalize(path.startsWith("/") ? path : state.workdirOrRoot() + "/" + path);
    state.workdir = "/" + absolute;
    if (absolute.isEmpty() || state.fs.isDirectory(absolute)) {
      state.history.add(ConfigStep.emptyLayer(session, workdir));
      return false;
    }
    List<LayerEntry> entries = new ArrayList<>();
    String[] parts = absolute.split("/");
    StringBuilder current = new StringBuilder();
    for (String part : parts) {
      current.append(current.length() == 0 ? "" : "/").append(part);
      if (state.fs.resolvePath(current.toString()) == null) {
        entries.add(LayerEntry.directory(current.toString(), ContextSource.DIR_MODE, 0, 0));
      }
    }
    return CommitLayerStep.run(session, state, workdir, entries);
  }
}
