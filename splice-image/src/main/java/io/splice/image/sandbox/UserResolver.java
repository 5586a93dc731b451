package io.splice.image.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves {@code USER name[:group]} (or numbers) against the root filesystem's {@code
 * /etc/passwd} and {@code /etc/group}, as Docker does for {@code RUN}: a name that is not there is
 * an error; a number needs no entry; without a group the user's primary group (or 0) is used, and
 * the groups that list the user are added.
 */
final class UserResolver {
  /** The process's identity in the sandbox. */
  record Identity(int uid, int gid, List<Integer> additionalGids, String home) {}

  /** Finds a regular file of the root filesystem on the host. */
  interface Files {
    /** The host path of {@code relative} (for example {@code etc/passwd}), or null when it is not a regular file. */
    Path find(String relative) throws IOException;
  }

  private UserResolver() {}

  static Identity resolve(String spec, Files root) throws IOException {
    String user = spec == null || spec.isEmpty() ? "0" : spec;
    String group = null;
    int colon = user.indexOf(':');
    if (colon >= 0) {
      group = user.substring(colon + 1);
      user = user.substring(0, colon);
    }
    List<String[]> passwd = read(root, "etc/passwd", 7);
    List<String[]> groups = read(root, "etc/group", 4);
    String[] entry = null;
    for (String[] fields : passwd) {
      if (fields[0].equals(user) || (user.matches("\\d+") && fields[2].equals(user))) {
        entry = fields;
        break;
      }
    }
    int uid;
    int gid;
    String name = user;
    if (entry != null) {
      uid = Integer.parseInt(entry[2]);
      gid = Integer.parseInt(entry[3]);
      name = entry[0];
    } else if (user.matches("\\d+")) {
      uid = Integer.parseInt(user);
      gid = 0;
    } else {
      throw new IllegalArgumentException("unable to find user " + user + ": no matching entries in the image's /etc/passwd");
    }
    List<Integer> extra = new ArrayList<>();
    if (group != null && !group.isEmpty()) {
      gid = groupId(group, groups);
    } else {
      for (String[] fields : groups) {
        for (String member : fields[3].split(",")) {
          if (member.equals(name) && fields[2].matches("\\d+")) {
            int g = Integer.parseInt(fields[2]);
            if (g != gid && !extra.contains(g)) {
              extra.add(g);
            }
          }
        }
      }
    }
    String home = entry != null && !entry[5].isEmpty() ? entry[5] : uid == 0 ? "/root" : "/";
    return new Identity(uid, gid, extra, home);
  }

  private static int groupId(String group, List<String[]> groups) {
    for (String[] fields : groups) {
      if (fields[0].equals(group)) {
        return Integer.parseInt(fields[2]);
      }
    }
    if (group.matches("\\d+")) {
      return Integer.parseInt(group);
    }
    throw new IllegalArgumentException("unable to find group " + group + ": no matching entries in the image's /etc/group");
  }

  private static List<String[]> read(Files root, String file, int fields) throws IOException {
    Path path = root.find(file);
    List<String[]> out = new ArrayList<>();
    if (path == null) {
      return out;
    }
    for (String line : java.nio.file.Files.readAllLines(path, StandardCharsets.UTF_8)) {
      String[] parts = line.split(":", -1);
      if (parts.length >= fields && !line.startsWith("#") && parts[2].matches("\\d+")) {
        out.add(parts);
      }
    }
    return out;
  }
}
