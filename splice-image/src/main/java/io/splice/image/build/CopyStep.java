package io.splice.image.build;

import io.splice.image.core.ImageFailure;
import io.splice.image.dockerfile.CopyArgs;
import io.splice.image.dockerfile.Heredoc;
import io.splice.image.dockerfile.Instruction;
import io.splice.image.dockerfile.Stage;
import io.splice.image.layer.LayerEntry;
import io.splice.image.layer.RootFs;
import io.splice.image.layer.TarInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code COPY} and {@code ADD}: gathers the entries of the new layer from the context, a heredoc,
 * another stage or an image ({@code --from=NAME} that names no stage is resolved as {@code FROM}
 * resolves it), with Docker's destination rules (a trailing {@code /} or an existing directory
 * receives sources by name; a directory source copies its content), {@code --chown}, {@code
 * --chmod}, and the missing parent directories of the destination.
 */
final class CopyStep {
  private static final Pattern URL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*|^git@.*");

  private CopyStep() {}

  /** The layer's entries, sorted by path. */
  static List<LayerEntry> entries(BuildSession session, StageState state, Instruction instruction)
      throws ImageFailure {
    boolean add = instruction instanceof Instruction.Add;
    CopyArgs args = add ? ((Instruction.Add) instruction).args() : ((Instruction.Copy) instruction).args();
    Map<String, String> env = state.expansionEnv();
    try {
      String destRaw = session.expand(instruction, args.destination(), env);
      boolean trailingSlash = destRaw.endsWith("/") || destRaw.endsWith("/.") || destRaw.equals(".");
      String dest = LayerEntry.normalize(destRaw.startsWith("/") ? destRaw : state.workdirOrRoot() + "/" + destRaw);
      boolean destIsDir = trailingSlash || dest.isEmpty() || state.fs.isDirectory(dest);
      String from = args.from() == null ? null : session.expand(instruction, args.from(), env);
      RootFs fromFs = from == null ? null : sourceFs(session, state, instruction, from);
      String fromName = from == null ? null
          : session.dockerfile.stage(from).isPresent() ? "the source stage" : "the image " + from;
      ContextSource context = new ContextSource(session.request.contextDir(), session.ignore);
      Map<String, LayerEntry> out = new LinkedHashMap<>();
      int sourceCount = 0;
      for (String rawSource : args.sources()) {
        Optional<Heredoc> heredoc = args.heredoc(rawSource);
        if (heredoc.isPresent()) {
          Heredoc h = heredoc.get();
          String content = h.expand() ? session.expand(instruction, "\"" + h.content().replace("\"", "\\\"") + "\"", env) : h.content();
          String target = destIsDir ? ContextSource.join(dest, h.name()) : dest;
          put(out, LayerEntry.file(target, ContextSource.FILE_MODE, 0, 0, LayerEntry.Content.of(content.getBytes(StandardCharsets.UTF_8))));
          sourceCount++;
          continue;
        }
        String source = session.expand(instruction, rawSource, env);
        if (URL.matcher(source).matches()) {
          throw session.error(instruction, (add ? "" : "COPY cannot fetch URLs; ") + "cannot fetch " + source
              + ": remote sources need network access, which builds here do not have;"
              + " download it into the build context and COPY it");
        }
        if (fromFs != null) {
          sourceCount += fromStage(session, instruction, fromFs, fromName, source, dest, destIsDir, out);
          continue;
        }
        List<String> matches = context.match(source);
        if (matches.isEmpty()) {
          throw session.error(instruction, "source " + source + " is not in the build context"
              + (session.ignore.ignores(LayerEntry.normalize(source)) ? " (.dockerignore excludes it)" : ""));
        }
        sourceCount += matches.size();
        for (String match : matches) {
          if (context.isDirectory(match)) {
            context.walk(match, dest).forEach(e -> put(out, e));
          } else if (add && TarInput.isTar(context.path(match))) {
            ArchiveSource.extract(context.path(match), dest, session.scratch).forEach(e -> put(out, e));
          } else {
            String name = match.substring(match.lastIndexOf('/') + 1);
            put(out, context.entry(match, destIsDir ? ContextSource.join(dest, name) : dest));
          }
        }
      }
      if (sourceCount > 1 && !destIsDir) {
        throw session.error(instruction, "with more than one source, the destination must be a directory and end with a /");
      }
      return finish(session, state, args, env, instruction, dest, destIsDir, out);
    } catch (IllegalArgumentException e) {
      throw session.error(instruction, e.getMessage());
    } catch (IOException e) {
      throw session.error(instruction, e.getMessage(), e);
    }
  }

  private static List<LayerEntry> finish(BuildSession session, StageState state, CopyArgs args,
      Map<String, String> env, Instruction instruction, String dest, boolean destIsDir,
      Map<String, LayerEntry> out)
      throws ImageFailure, IOException {
    Ownership.Owner owner = null;
    if (args.chown() != null) {
      owner = Ownership.resolve(session.expand(instruction, args.chown(), env), state.fs, session.scratch);
    }
    Integer chmod = args.chmod() == null ? null : Integer.parseInt(args.chmod(), 8);
    List<LayerEntry> entries = new ArrayList<>();
    for (LayerEntry e : out.values()) {
      LayerEntry entry = owner == null ? e : e.withOwner(owner.uid(), owner.gid());
      entries.add(chmod == null ? entry : entry.withMode(chmod));
    }
    java.util.TreeSet<String> dirs = new java.util.TreeSet<>();
    entries.forEach(e -> addAncestors(e.path(), dirs));
    if (destIsDir && !dest.isEmpty()) {
      dirs.add(dest);
      addAncestors(dest, dirs);
    }
    for (String dir : dirs) {
      if (!out.containsKey(dir) && state.fs.resolvePath(dir) == null) {
        LayerEntry created = LayerEntry.directory(dir, ContextSource.DIR_MODE, 0, 0);
        entries.add(owner == null ? created : created.withOwner(owner.uid(), owner.gid()));
      }
    }
    entries.sort(java.util.Comparator.comparing(LayerEntry::path));
    return entries;
  }

  private static int fromStage(BuildSession session, Instruction instruction, RootFs fs, String fromName, String source,
      String dest, boolean destIsDir, Map<String, LayerEntry> out) throws IOException, ImageFailure {
    String clean = LayerEntry.normalize(source);
    List<RootFs.Node> roots = new ArrayList<>();
    if (Glob.isPattern(clean)) {
      Pattern pattern = Glob.compile(clean);
      fs.all().stream().filter(n -> pattern.matcher(n.path()).matches()).forEach(roots::add);
    } else {
      String resolved = fs.resolvePath(clean);
      if (resolved == null) {
        throw session.error(instruction, "source " + source + " does not exist in " + fromName);
      }
      if (resolved.isEmpty()) {
        List<RootFs.Node> below = fs.children("");
        Map<String, LayerEntry> entries = fs.materialize(below, session.scratch);
        for (RootFs.Node n : below) {
          put(out, entries.get(n.path()).withPath(ContextSource.join(dest, n.path())));
        }
        return 1;
      }
      fs.get(resolved).ifPresent(roots::add);
    }
    if (roots.isEmpty()) {
      throw session.error(instruction, "source " + source + " does not exist in " + fromName);
    }
    for (RootFs.Node root : roots) {
      if (root.entry().type() == LayerEntry.Type.DIRECTORY) {
        List<RootFs.Node> below = fs.children(root.path());
        Map<String, LayerEntry> entries = fs.materialize(below, session.scratch);
        for (RootFs.Node n : below) {
          String rel = n.path().substring(root.path().length() + 1);
          put(out, entries.get(n.path()).withPath(ContextSource.join(dest, rel)));
        }
      } else {
        LayerEntry e = fs.materialize(List.of(root), session.scratch).get(root.path());
        String name = root.path().substring(root.path().lastIndexOf('/') + 1);
        boolean intoDir = destIsDir || roots.size() > 1;
        put(out, e.withPath(intoDir ? ContextSource.join(dest, name) : dest));
      }
    }
    return roots.size();
  }

  private static RootFs sourceFs(BuildSession session, StageState state, Instruction instruction, String from)
      throws ImageFailure {
    Optional<Stage> stage = session.dockerfile.stage(from);
    if (stage.isPresent()) {
      StageState built = session.built.get(stage.get().index());
      if (built == null || stage.get().index() >= state.stage.index()) {
        throw session.error(instruction, "--from=" + from + " names a stage that is not built before this one");
      }
      return built.fs;
    }
    String notFound = "--from=" + from + " is no stage of " + session.dockerfile.name() + ", and ";
    ImageSource.Resolved image = ImageSource.resolve(session, instruction, from, notFound);
    return ImageSource.fileSystem(session, instruction, image);
  }

  private static void addAncestors(String path, java.util.Set<String> dirs) {
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      dirs.add(path.substring(0, slash));
    }
  }

  private static void put(Map<String, LayerEntry> out, LayerEntry entry) {
    out.remove(entry.path());
    out.put(entry.path(), entry);
  }
}
