package io.splice.control.reconcile;

import java.util.List;

/** The actions that move what runs toward what should run; empty when they agree. */
public record Plan(List<Action> actions) {
  public Plan {
    actions = List.copyOf(actions);
  }

  public boolean isEmpty() {
    return actions.isEmpty();
  }
}
