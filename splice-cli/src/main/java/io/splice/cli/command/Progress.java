package io.splice.cli.command;

import io.splice.api.ApiException;
import io.splice.api.AppStatus;
import io.splice.api.Event;
import io.splice.api.SpliceClient;
import io.splice.cli.CliException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Follows an app's events and prints each once, until its status satisfies a condition. */
final class Progress {
  private static final Duration POLL = Duration.ofMillis(250);

  private final SpliceClient client;
  private final String app;
  private final List<Event> seen = new ArrayList<>();

  Progress(SpliceClient client, String app) {
    this.client = client;
    this.app = app;
  }

  /** Marks the events already there as seen, so that only what follows is printed. */
  Progress skipPast(AppStatus status) {
    seen.addAll(status.events());
    return this;
  }

  void print(List<Event> events) {
    for (Event event : events) {
      if (!seen.contains(event)) {
        seen.add(event);
        if (seen.size() > 1000) {
          seen.remove(0);
        }
        String subject = event.replica() != null ? event.replica() : event.service() != null ? event.service() : "";
        System.out.println("  " + String.format("%-20s", subject) + " " + event.message());
      }
    }
  }

  /** Polls until {@code done} holds, printing events; fails after {@code timeout}. */
  AppStatus until(Predicate<AppStatus> done, Duration timeout, String what) throws ApiException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      AppStatus status = client.app(app);
      print(status.events());
      if (done.test(status)) {
        return status;
      }
      if (System.nanoTime() > deadline) {
        throw new CliException(what + " did not finish within " + timeout.toSeconds() + "s; 'splice ps' shows where it stands");
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException("interrupted; " + what + " goes on in the daemon");
      }
    }
  }
}
