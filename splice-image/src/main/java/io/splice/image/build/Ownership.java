package io.splice.image.build;

import io.splice.image.layer.LayerEntry;
import io.splice.image.layer.RootFs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Resolves {@code --chown=USER[:GROUP]}: numbers as they are, names from the stage's {@code
 * /etc/passwd} and {@code /etc/group}. Without a group, the user's primary group is used.
 */
final class Ownership {
  record Owner(int uid, int gid) {}

  private Ownership() {}

  /** The owner {@code spec} names; throws {@link IllegalArgumentException} saying what is missing. */
  static Owner resolve(String spec, RootFs fs, Path scratch) throws IOException {
    int colon = spec.indexOf(':');
    String user = colon < 0 ? spec : spec.substring(0, colon);
    String group = colon < 0 ? null : spec.substring(colon + 1);
    int uid;
    int gid;
    if (user.matches("\\d+")) {
      uid = Integer.parseInt(user);
      gid = uid;
      String line = findLine(fs, scratch, "etc/passwd", fields -> fields[2].equals(user));
      if (line != null) {
        gid = Integer.parseInt(line.split(":")[3]);
      }
    } else {
      String line = findLine(fs, scratch, "etc/passwd", fields -> fields[0].equals(user));
      if (line == null) {
        throw new IllegalArgumentException("unknown user " + user + " (not in the stage's /etc/passwd)");
      }
      String[] fields = line.split(":");
      uid = Integer.parseInt(fields[2]);
      gid = Integer.parseInt(fields[3]);
    }
    if (group != null && !group.isEmpty()) {
      if (group.matches("\\d+")) {
        gid = Integer.parseInt(group);
      } else {
        String line = findLine(fs, scratch, "etc/group", fields -> fields[0].equals(group));
        if (line == null) {
          throw new IllegalArgumentException("unknown group " + group + " (not in the stage's /etc/group)");
        }
        gid = Integer.parseInt(line.split(":")[2]);
      }
    }
    return new Owner(uid, gid);
  }

  private interface LineMatch {
    boolean test(String[] fields);
  }

  private static String findLine(RootFs fs, Path scratch, String file, LineMatch match) throws IOException {
    var node = fs.resolve(file);
    if (node.isEmpty() || node.get().entry().type() != LayerEntry.Type.FILE) {
      return null;
    }
    Map<String, LayerEntry> entries = fs.materialize(List.of(node.get()), scratch);
    LayerEntry entry = entries.get(node.get().path());
    String text;
    try (InputStream in = entry.content().open()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String line : text.split("\n")) {
      String[] fields = line.split(":", -1);
      if (fields.length >= 4 && match.test(fields)) {
        return line;
      }
    }
    return null;
  }
}
