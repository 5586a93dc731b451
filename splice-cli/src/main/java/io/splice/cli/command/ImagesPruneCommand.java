package io.splice.cli.command;

import io.splice.cli.CliException;
import io.splice.cli.GlobalOptions;
import io.splice.image.BuildRequest;
import io.splice.image.ImageException;
import io.splice.image.Images;
import io.splice.image.PruneResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code splice images prune}: frees what no tagged image needs, and says how much. */
@Command(name = "prune",
    description = {"Delete from the local store what no tagged image needs: layers and blobs of earlier builds and of"
        + " build stages, layers unpacked for RUN, and leftovers of builds that died. Builds of those layers build"
        + " them again.",
        "Builds also keep the unpacked layers to the " + BuildRequest.DEFAULT_KEEP_SNAPSHOTS
            + " most recently used on their own."})
public final class ImagesPruneCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @ParentCommand ImagesCommand images;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    // --state-dir may come before the word prune (splice images --state-dir DIR prune) or after it.
    GlobalOptions options = spec.commandLine().getParseResult().hasMatchedOption("--state-dir") ? global : images.global;
    Path store = options.dir().root().resolve("images");
    PruneResult result;
    try {
      result = Images.prune(store);
    } catch (ImageException e) {
      throw new CliException(e.getMessage());
    }
    System.out.printf("Deleted %d blobs (%d bytes) and %d unpacked layers (%d bytes)%s%n", result.blobs(),
        result.blobBytes(), result.snapshots(), result.snapshotBytes(),
        result.otherBytes() == 0 ? "" : String.format(", and layer indexes and leftovers of builds (%d bytes)", result.otherBytes()));
    System.out.printf("Freed %d bytes%n", result.totalBytes());
    return 0;
  }
}
