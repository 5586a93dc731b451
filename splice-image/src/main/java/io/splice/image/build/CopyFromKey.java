package io.splice.image.build;

import io.splice.image.core.ImageFailure;
import io.splice.image.dockerfile.CopyArgs;
import io.splice.image.dockerfile.Instruction;
import io.splice.image.dockerfile.Stage;
import io.splice.image.layer.CacheKey;
import io.splice.image.layer.LayerEntry;
import io.splice.image.oci.Descriptor;
import java.util.Map;
import java.util.Optional;

/**
 * The cache key of a {@code COPY --from} that is known before any source file is read: the
 * stage's chain, the source's layers (a stage's layer digests, or an image's manifest digest,
 * which name its content exactly) and the expanded arguments. It links to the layer built the
 * first time ({@link CommitLayerStep#runLinked}), so a rebuild with an unchanged source neither
 * indexes nor extracts it. A changed source misses here and falls back to the key of the copied
 * files' content, which still hits when the files copied are the same.
 */
final class CopyFromKey {
  private CopyFromKey() {}

  /** The key, or null when there is none (heredoc sources, or a stage that is not built before). */
  static String of(BuildSession session, StageState state, Instruction.Copy copy) throws ImageFailure {
    CopyArgs args = copy.args();
    if (args.from() == null || !args.heredocs().isEmpty()) {
      return null;
    }
    Map<String, String> env = state.expansionEnv();
    String from = session.expand(copy, args.from(), env);
    CacheKey key = new CacheKey().add(state.chainKey).add("COPY --from");
    Optional<Stage> stage = session.dockerfile.stage(from);
    if (stage.isPresent()) {
      StageState built = session.built.get(stage.get().index());
      if (built == null || stage.get().index() >= state.stage.index()) {
        return null;
      }
      key.add("stage");
      built.layers.stream().map(Descriptor::digest).forEach(key::add);
    } else {
      String notFound = "--from=" + from + " is no stage of " + session.dockerfile.name() + ", and ";
      key.add("image").add(ImageSource.resolve(session, copy, from, notFound).image().digest());
    }
    String dest = session.expand(copy, args.destination(), env);
    key.add("dest").add(dest).add(LayerEntry.normalize(state.workdirOrRoot()));
    key.add("sources");
    for (String source : args.sources()) {
      key.add(session.expand(copy, source, env));
    }
    key.add("chown").add(args.chown() == null ? "-" : session.expand(copy, args.chown(), env));
    key.add("chmod").add(args.chmod() == null ? "-" : args.chmod());
    return key.add(Long.toString(session.epoch.getEpochSecond())).build();
  }
}
