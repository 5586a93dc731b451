package io.splice.control.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.splice.control.deploy.CanaryJudge.Outcome;
import io.splice.control.deploy.CanaryJudge.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanaryJudgeTest {
  private static final Map<String, Sample> START = Map.of(
      "s1", new Sample("s1", false, 1000, 5, 10),
      "s2", new Sample("s2", false, 1000, 5, 10));

  @Test
  void judge_healthyCanary_promotes() {
    CanaryJudge.Verdict verdict = CanaryJudge.judge(START, List.of(
        new Sample("s1", false, 1450, 5, 12), new Sample("s2", false, 1450, 5, 11), new Sample("c1", true, 100, 0, 13)));

    assertThat(verdict.outcome()).isEqualTo(Outcome.PROMOTE);
    assertThat(verdict.figures()).isEqualTo("canary error rate 0.0% (0/100), p99 13 ms; stable 0.0% (0/900), p99 12 ms");
  }

  @Test
  void judge_failingCanary_rollsBackWithFigures() {
    CanaryJudge.Verdict verdict = CanaryJudge.judge(START, List.of(
        new Sample("s1", false, 1450, 5, 12), new Sample("s2", false, 1450, 6, 11), new Sample("c1", true, 100, 100, 3)));

    assertThat(verdict.outcome()).isEqualTo(Outcome.ROLL_BACK);
    assertThat(verdict.figures()).contains("canary error rate 100.0% (100/100)", "stable 0.1% (1/900)", "error rate is higher");
  }

  @Test
  void judge_slowCanary_rollsBack() {
    CanaryJudge.Verdict verdict = CanaryJudge.judge(START, List.of(
        new Sample("s1", false, 1450, 5, 20), new Sample("c1", true, 100, 0, 400)));

    assertThat(verdict.outcome()).isEqualTo(Outcome.ROLL_BACK);
    assertThat(verdict.figures()).endsWith("p99 is higher");
  }

  @Test
  void judge_ejectedCanary_rollsBackEvenWithFewRequests() {
    CanaryJudge.Verdict verdict = CanaryJudge.judge(START, List.of(new Sample("s1", false, 1450, 5, 20),
        new Sample("c1", true, 5, 5, 1, "(ejected: 5 consecutive 5xx)")));

    assertThat(verdict.outcome()).isEqualTo(Outcome.ROLL_BACK);
    assertThat(verdict.figures()).endsWith("the proxy ejected the canary: c1 (ejected: 5 consecutive 5xx)");
  }

  @Test
  void judge_countsEveryCanaryRequestSinceItJoined_evenBeforeTheStep() {
    Map<String, Sample> start = Map.of("s1", new Sample("s1", false, 1000, 0, 10), "c1", new Sample("c1", true, 30, 30, 2));

    CanaryJudge.Verdict verdict = CanaryJudge.judge(start, List.of(new Sample("s1", false, 1100, 0, 10),
        new Sample("c1", true, 30, 30, 2)));

    assertThat(verdict.outcome()).isEqualTo(Outcome.ROLL_BACK);
    assertThat(verdict.figures()).startsWith("canary error rate 100.0% (30/30)");
  }

  @Test
  void judge_tooFewCanaryRequests_waits() {
    CanaryJudge.Verdict verdict = CanaryJudge.judge(START, List.of(new Sample("s1", false, 1450, 5, 20),
        new Sample("c1", true, 5, 5, 1)));

    assertThat(verdict.outcome()).isEqualTo(Outcome.WAIT);
  }
}
