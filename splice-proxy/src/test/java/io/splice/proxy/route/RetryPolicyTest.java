package io.splice.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.splice.proxy.route.RetryPolicy.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

  private final RetryPolicy policy = RetryPolicy.defaults();

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "POST", "PATCH"})
  void notSent_isRetriedForEveryMethod(String method) {
    assertThat(policy.shouldRetry(method, Failure.NOT_SENT, 1)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "get"})
  void noResponse_isRetriedForIdempotentMethods(String method) {
    assertThat(policy.shouldRetry(method, Failure.NO_RESPONSE, 1)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PATCH"})
  void noResponse_isNotRetriedForOtherMethods(String method) {
    assertThat(policy.shouldRetry(method, Failure.NO_RESPONSE, 1)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
  void errorStatus_isRetriedForIdempotentMethods(String method) {
    assertThat(policy.shouldRetry(method, Failure.ERROR_STATUS, 1)).isTrue();
    assertThat(policy.shouldRetry(method, Failure.ERROR_STATUS, 3)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PATCH", "CONNECT"})
  void errorStatus_isNotRetriedForOtherMethods(String method) {
    assertThat(policy.shouldRetry(method, Failure.ERROR_STATUS, 1)).isFalse();
  }

  @Test
  void retriedStatuses_areAll5xx() {
    assertThat(RetryPolicy.RETRIED_STATUSES).hasSize(100).contains(500, 502, 503, 504, 599);
    assertThat(RetryPolicy.isRetriedStatus(500)).isTrue();
    assertThat(RetryPolicy.isRetriedStatus(599)).isTrue();
    assertThat(RetryPolicy.isRetriedStatus(499)).isFalse();
    assertThat(RetryPolicy.isRetriedStatus(404)).isFalse();
    assertThat(RetryPolicy.isRetriedStatus(200)).isFalse();
    assertThat(RetryPolicy.isRetriedStatus(600)).isFalse();
  }

  @Test
  void timeoutAndBrokenResponse_areNeverRetried() {
    assertThat(policy.shouldRetry("GET", Failure.TIMEOUT, 1)).isFalse();
    assertThat(policy.shouldRetry("GET", Failure.RESPONSE_BROKEN, 1)).isFalse();
  }

  @Test
  void atMostTwoRetries() {
    assertThat(policy.shouldRetry("GET", Failure.NOT_SENT, 2)).isTrue();
    assertThat(policy.shouldRetry("GET", Failure.NOT_SENT, 3)).isFalse();
  }

  @Test
  void negativeRetries_areRefused() {
    assertThatThrownBy(() -> new RetryPolicy(-1)).hasMessage("maxRetries: -1 (expected: >= 0)");
  }
}
