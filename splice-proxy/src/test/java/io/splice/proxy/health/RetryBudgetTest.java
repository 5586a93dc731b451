package io.splice.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

  private final AtomicLong now = new AtomicLong(5_000_000_000L);

  private RetryBudget budget(double ratio, int minPerSecond) {
    return new RetryBudget(
        new RetryBudget.Policy(ratio, minPerSecond, Duration.ofSeconds(10)), now::get);
  }

  private static int retriesGranted(RetryBudget budget, int tries) {
    int granted = 0;
    for (int i = 0; i < tries; i++) {
      if (budget.tryRetry()) {
        granted++;
      }
    }
    return granted;
  }

  @Test
  void retries_areAShareOfRequests() {
    RetryBudget budget = budget(0.2, 0);
    for (int i = 0; i < 100; i++) {
      budget.request();
    }

    assertThat(retriesGranted(budget, 50)).isEqualTo(20);
    assertThat(budget.denied()).isEqualTo(30);
  }

  @Test
  void quietService_stillGetsTheMinimumPerSecond() {
    RetryBudget budget = budget(0.2, 3);

    assertThat(retriesGranted(budget, 100)).isEqualTo(30); // 3 per second over a 10 s window
  }

  @Test
  void window_forgetsOldRequestsAndRetries() {
    RetryBudget budget = budget(0.5, 0);
    for (int i = 0; i < 10; i++) {
      budget.request();
    }
    assertThat(retriesGranted(budget, 10)).isEqualTo(5);

    now.addAndGet(Duration.ofSeconds(11).toNanos());

    assertThat(budget.retriesInWindow()).isZero();
    assertThat(budget.tryRetry()).isFalse(); // no request in the window either
    budget.request();
    budget.request();
    assertThat(retriesGranted(budget, 5)).isEqualTo(1);
  }

  @Test
  void window_slidesBucketByBucket() {
    RetryBudget budget = budget(1.0, 0);
    for (int i = 0; i < 4; i++) {
      budget.request();
    }
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    for (int i = 0; i < 4; i++) {
      budget.request();
    }
    now.addAndGet(Duration.ofMillis(5500).toNanos()); // the first four are out, the last in

    assertThat(retriesGranted(budget, 10)).isEqualTo(4);
  }

  @Test
  void policy_rejectsBadValues() {
    assertThatThrownBy(() -> new RetryBudget.Policy(1.5, 1, Duration.ofSeconds(1)))
        .hasMessage("ratio: 1.5 (expected: 0.0..1.0)");
    assertThatThrownBy(() -> new RetryBudget.Policy(0.2, -1, Duration.ofSeconds(1)))
        .hasMessage("minPerSecond: -1 (expected: >= 0)");
  }

  @Test
  void requests_fromSeveralThreadsAtOnce_areAllCounted() throws Exception {
    RetryBudget budget = budget(0.2, 0);
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 2_500; i++) {
                  budget.request();
                }
              });
      threads[t].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(retriesGranted(budget, 3_000)).isEqualTo(2_000);
  }
}
