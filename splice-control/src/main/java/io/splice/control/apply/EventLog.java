package io.splice.control.apply;

import io.splice.api.Event;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The recent events of each app, kept in memory and written to the daemon's log. */
public final class EventLog {
  private static final int KEEP = 200;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final Clock clock;
  private final Map<String, Deque<Event>> byApp = new HashMap<>();

  public EventLog(Clock clock) {
    this.clock = clock;
  }

  public synchronized void add(String app, String service, String replica, String message) {
    Instant now = clock.instant();
    Deque<Event> events = byApp.computeIfAbsent(app, name -> new ArrayDeque<>());
    events.addLast(new Event(now, service, replica, message));
    while (events.size() > KEEP) {
      events.removeFirst();
    }
    String subject = replica != null ? replica : service != null ? app + "/" + service : app;
    System.out.println(TIME.format(now) + " " + subject + ": " + message);
  }

  public synchronized List<Event> recent(String app, int count) {
    List<Event> events = new ArrayList<>(byApp.getOrDefault(app, new ArrayDeque<>()));
    return events.subList(Math.max(0, events.size() - count), events.size());
  }

  public synchronized void forget(String app) {
    byApp.remove(app);
  }
}
