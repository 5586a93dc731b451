package io.splice.cli.command;

import io.splice.api.ApiException;
import io.splice.api.AppStatus;
import io.splice.api.SpliceClient;
import io.splice.cli.CliException;
import java.util.List;

/** Picks the app a command is about when the user named none: the only one that is up. */
final class Apps {
  private Apps() {}

  static String resolve(SpliceClient client, String given) throws ApiException {
    if (given != null) {
      return given;
    }
    List<String> names = client.apps().stream().map(AppStatus::name).toList();
    if (names.isEmpty()) {
      throw new CliException("no app is up (bring one up with 'splice up')");
    }
    if (names.size() > 1) {
      throw new CliException("several apps are up: " + String.join(", ", names) + " (name one with --app)");
    }
    return names.get(0);
  }
}
