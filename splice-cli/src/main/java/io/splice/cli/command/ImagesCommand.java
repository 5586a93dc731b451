package io.splice.cli.command;

import io.splice.cli.CliException;
import io.splice.cli.GlobalOptions;
import io.splice.cli.output.Table;
import io.splice.image.ImageException;
import io.splice.image.Images;
import io.splice.image.StoredImageSummary;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code splice images}: the local image store; {@code splice images prune} frees what no tagged image needs. */
@Command(name = "images", description = "List the images in the local store.",
    subcommands = ImagesPruneCommand.class)
public final class ImagesCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() {
    List<StoredImageSummary> images;
    try {
      images = Images.list(global.dir().root().resolve("images"));
    } catch (ImageException e) {
      throw new CliException(e.getMessage());
    }
    Table table = new Table("IMAGE", "DIGEST", "SIZE");
    images.forEach(image -> table.row(image.name(), image.digest(), String.format("%.1f MB", image.size() / 1e6)));
    System.out.print(table.render());
    return 0;
  }
}
